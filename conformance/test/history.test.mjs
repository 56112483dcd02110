// Channel history from the client and through the server API.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROTOCOLS, withPool, user, channel, apiOk, decodeData, rejects, within,
} from '../lib/helpers.mjs';

for (const proto of PROTOCOLS) {
  describe(proto.name, () => {
    test('history: client queries (limit, reverse, since) and API query', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('chat');
        const c = await pool.connect(user());
        await pool.subscribe(c, ch);
        let epoch;
        for (let i = 1; i <= 5; i += 1) {
          const r = await apiOk('publish', { channel: ch, data: { n: i } });
          assert.equal(r.offset, i);
          epoch = r.epoch;
        }

        const h3 = await within(c.history(ch, { limit: 3 }), { label: 'history limit 3' });
        assert.equal(h3.epoch, epoch);
        assert.equal(h3.offset, 5, 'stream top');
        assert.deepEqual(h3.publications.map((p) => decodeData(proto, p.data).n), [1, 2, 3]);
        assert.deepEqual(h3.publications.map((p) => p.offset), [1, 2, 3]);

        const rev = await within(c.history(ch, { limit: 2, reverse: true }));
        assert.deepEqual(rev.publications.map((p) => p.offset), [5, 4]);

        const since = await within(c.history(ch, { limit: 10, since: { offset: 2, epoch } }));
        assert.deepEqual(since.publications.map((p) => decodeData(proto, p.data).n), [3, 4, 5]);

        const top = await within(c.history(ch, { limit: 0 }));
        assert.deepEqual(top.publications, []);
        assert.equal(top.offset, 5);
        assert.equal(top.epoch, epoch);

        const all = await within(c.history(ch, { limit: -1 }));
        assert.equal(all.publications.length, 5);

        const wrongEpoch = await rejects(c.history(ch, { limit: 10, since: { offset: 1, epoch: 'not-the-epoch' } }));
        assert.equal(wrongEpoch.code, 112);
        assert.equal(wrongEpoch.message, 'unrecoverable position');

        // The same through the server API, with its reply shape.
        const viaApi = await apiOk('history', { channel: ch, limit: -1 });
        assert.deepEqual(Object.keys(viaApi).sort(), ['epoch', 'offset', 'publications']);
        assert.equal(viaApi.epoch, epoch);
        assert.equal(viaApi.offset, 5);
        assert.deepEqual(viaApi.publications, [1, 2, 3, 4, 5].map((n) => ({ data: { n }, offset: n })));
      });
    });

    test('history size is bounded by history_size (10 in chat)', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('chat');
        const c = await pool.connect(user());
        await pool.subscribe(c, ch);
        for (let i = 1; i <= 13; i += 1) await apiOk('publish', { channel: ch, data: { n: i } });
        const h = await within(c.history(ch, { limit: 100 }));
        assert.equal(h.offset, 13);
        assert.deepEqual(h.publications.map((p) => p.offset), [4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
      });
    });

    test('history permissions: 103 when not subscribed (chat) or not allowed (public)', async () => {
      await withPool(proto, async (pool) => {
        const c = await pool.connect(user());
        const ch = channel('chat');
        await apiOk('publish', { channel: ch, data: { n: 1 } });
        const e1 = await rejects(c.history(ch, { limit: 10 }));
        assert.equal(e1.code, 103);

        const pub = channel('public');
        await pool.subscribe(c, pub);
        await apiOk('publish', { channel: pub, data: { n: 1 } });
        const e2 = await rejects(c.history(pub, { limit: 10 }));
        assert.equal(e2.code, 103);
        // The API may still read it.
        const h = await apiOk('history', { channel: pub, limit: 10 });
        assert.equal(h.publications.length, 1);
      });
    });
  });
}
