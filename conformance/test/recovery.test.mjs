// Stream recovery after a reconnect (chat: force_recovery, history_size 10).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROTOCOLS, withPool, user, channel, apiOk, waitEvent, record, until, decodeData, sleep,
} from '../lib/helpers.mjs';

/** Connected client subscribed to a fresh chat channel that already has one publication. */
async function setup(pool, proto) {
  const ch = channel('chat');
  const c = await pool.connect(user());
  const { sub, ctx } = await pool.subscribe(c, ch);
  assert.equal(ctx.recoverable, true);
  assert.equal(ctx.positioned, true);
  assert.equal(ctx.wasRecovering, false);
  assert.equal(ctx.recovered, false);
  assert.equal(ctx.streamPosition.offset, 0);
  assert.equal(typeof ctx.streamPosition.epoch, 'string');
  assert.ok(ctx.streamPosition.epoch.length > 0);

  const first = waitEvent(sub, 'publication');
  const r = await apiOk('publish', { channel: ch, data: { n: 1 } });
  assert.equal(r.epoch, ctx.streamPosition.epoch);
  const p = await first;
  assert.equal(p.offset, 1);
  assert.deepEqual(decodeData(proto, p.data), { n: 1 });

  const gone = waitEvent(c, 'disconnected');
  c.disconnect();
  const d = await gone;
  assert.equal(d.code, 0);
  assert.equal(sub.state, 'subscribing', 'subscription waits for the reconnect');
  return { ch, c, sub, epoch: r.epoch };
}

for (const proto of PROTOCOLS) {
  describe(proto.name, () => {
    test('recovery after reconnect: 3 missed publications recovered in order', async () => {
      await withPool(proto, async (pool) => {
        const { ch, c, sub, epoch } = await setup(pool, proto);
        for (let n = 2; n <= 4; n += 1) await apiOk('publish', { channel: ch, data: { n } });

        const pubs = record(sub, 'publication');
        const resubscribed = waitEvent(sub, 'subscribed');
        c.connect();
        const ctx = await resubscribed;
        assert.equal(ctx.wasRecovering, true);
        assert.equal(ctx.recovered, true);
        assert.equal(ctx.hasRecoveredPublications, true);
        assert.equal(ctx.recoverable, true);
        assert.equal(ctx.streamPosition.epoch, epoch);
        // After a recovery the reply carries the position recovered from (offset 1),
        // and the recovered publications advance it.
        assert.equal(ctx.streamPosition.offset, 1);
        await until(() => pubs.length >= 3, { label: '3 recovered publications' });
        await sleep(100);
        assert.equal(pubs.length, 3, 'nothing duplicated');
        assert.deepEqual(pubs.map((p) => p.offset), [2, 3, 4]);
        assert.deepEqual(pubs.map((p) => decodeData(proto, p.data).n), [2, 3, 4]);

        // Live delivery continues after recovery with the next offset.
        const live = waitEvent(sub, 'publication');
        await apiOk('publish', { channel: ch, data: { n: 5 } });
        assert.equal((await live).offset, 5);
      });
    });

    test('recovery after reconnect with nothing missed: recovered, no publications', async () => {
      await withPool(proto, async (pool) => {
        const { c, sub } = await setup(pool, proto);
        const pubs = record(sub, 'publication');
        const resubscribed = waitEvent(sub, 'subscribed');
        c.connect();
        const ctx = await resubscribed;
        assert.equal(ctx.wasRecovering, true);
        assert.equal(ctx.recovered, true);
        assert.equal(ctx.hasRecoveredPublications, false);
        assert.equal(ctx.streamPosition.offset, 1);
        await sleep(150);
        assert.equal(pubs.length, 0);
      });
    });

    test('too many missed (15 > history_size 10): recovered false, nothing replayed', async () => {
      await withPool(proto, async (pool) => {
        const { ch, c, sub, epoch } = await setup(pool, proto);
        for (let n = 2; n <= 16; n += 1) await apiOk('publish', { channel: ch, data: { n } });

        const pubs = record(sub, 'publication');
        const resubscribed = waitEvent(sub, 'subscribed');
        c.connect();
        const ctx = await resubscribed;
        assert.equal(ctx.wasRecovering, true);
        assert.equal(ctx.recovered, false);
        assert.equal(ctx.hasRecoveredPublications, false);
        assert.equal(ctx.streamPosition.epoch, epoch);
        assert.equal(ctx.streamPosition.offset, 16, 'position is the stream top');
        await sleep(150);
        assert.equal(pubs.length, 0);

        const live = waitEvent(sub, 'publication');
        await apiOk('publish', { channel: ch, data: { n: 17 } });
        assert.equal((await live).offset, 17);
      });
    });
  });
}
