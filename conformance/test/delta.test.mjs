// Fossil delta compression (namespace "delta": allowed_delta_types ["fossil"], history 50,
// force_recovery). centrifuge-js applies the patches; every payload must come out exactly equal
// to what was published, and the client's own statistics must show that patches were used.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROTOCOLS, withPool, user, channel, apiOk, waitEvent, record, until, decodeData, sleep,
} from '../lib/helpers.mjs';

/** A ~2 KB document; versions differ in a few fields only. */
function doc(version, text = 'plain ascii text') {
  const rows = [];
  for (let i = 0; i < 30; i += 1) rows.push({ id: i, label: `row ${i} ${text}`, score: i * 7 });
  rows[version % 30].score = version * 1000;
  return { version, title: `document ${text}`, rows, footer: { updated: version } };
}

async function publishAll(ch, docs, { delta = true } = {}) {
  for (const data of docs) await apiOk('publish', { channel: ch, data, delta });
}

for (const proto of PROTOCOLS) {
  describe(proto.name, () => {
    test('delta subscription: first publication full, then patches that reconstruct exactly', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('delta');
        const c = await pool.connect(user());
        const { sub } = await pool.subscribe(c, ch, { delta: 'fossil' });
        const pubs = record(sub, 'publication');
        const docs = [1, 2, 3, 4, 5].map((v) => doc(v));
        await publishAll(ch, docs);
        await until(() => pubs.length >= docs.length, { label: '5 publications' });
        assert.deepEqual(pubs.map((p) => decodeData(proto, p.data)), docs);
        assert.deepEqual(pubs.map((p) => p.offset), [1, 2, 3, 4, 5]);
        const stats = sub.deltaStats();
        assert.equal(stats.numPublications, 5);
        assert.equal(stats.numFullPayloads, 1, 'only the first publication is sent in full');
        assert.equal(stats.numDeltaPayloads, 4);
        assert.ok(stats.bytesReceived < stats.bytesDecoded / 2, `patches are small: ${JSON.stringify(stats)}`);
      });
    });

    test('delta subscription: non-ASCII payloads with edits inside multi-byte characters', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('delta');
        const c = await pool.connect(user());
        const { sub } = await pool.subscribe(c, ch, { delta: 'fossil' });
        const pubs = record(sub, 'publication');
        // "ж" → "з" changes only the second byte of a two-byte character.
        const docs = [doc(1, 'жёлтый 日本語 🎉'), doc(2, 'зёлтый 日本語 🎉'), doc(3, 'зёлтый 日木語 🎊')];
        await publishAll(ch, docs);
        await until(() => pubs.length >= docs.length, { label: '3 publications' });
        assert.deepEqual(pubs.map((p) => decodeData(proto, p.data)), docs);
        assert.equal(sub.deltaStats().numDeltaPayloads, 2);
      });
    });

    test('subscribers with and without delta get the same payloads from one publication', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('delta');
        const withDelta = await pool.connect(user());
        const without = await pool.connect(user());
        const { sub: a } = await pool.subscribe(withDelta, ch, { delta: 'fossil' });
        const { sub: b } = await pool.subscribe(without, ch);
        const pa = record(a, 'publication');
        const pb = record(b, 'publication');
        const docs = [1, 2, 3].map((v) => doc(v));
        await publishAll(ch, docs);
        await until(() => pa.length >= 3 && pb.length >= 3, { label: '3 publications each' });
        assert.deepEqual(pa.map((p) => decodeData(proto, p.data)), docs);
        assert.deepEqual(pb.map((p) => decodeData(proto, p.data)), docs);
        assert.equal(a.deltaStats().numDeltaPayloads, 2);
        assert.equal(b.deltaStats().numPublications, 0, 'no delta negotiated for the plain subscriber');
      });
    });

    test('publications without the delta flag arrive in full and keep the chain intact', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('delta');
        const c = await pool.connect(user());
        const { sub } = await pool.subscribe(c, ch, { delta: 'fossil' });
        const pubs = record(sub, 'publication');
        const docs = [1, 2, 3, 4].map((v) => doc(v));
        await publishAll(ch, docs.slice(0, 2), { delta: false });
        await publishAll(ch, docs.slice(2), { delta: true });
        await until(() => pubs.length >= 4, { label: '4 publications' });
        assert.deepEqual(pubs.map((p) => decodeData(proto, p.data)), docs);
        const stats = sub.deltaStats();
        assert.equal(stats.numFullPayloads, 2);
        assert.equal(stats.numDeltaPayloads, 2);
      });
    });

    test('recovery with delta: recovered publications and live ones reconstruct exactly', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('delta');
        const c = await pool.connect(user());
        const { sub } = await pool.subscribe(c, ch, { delta: 'fossil' });
        const pubs = record(sub, 'publication');
        await publishAll(ch, [doc(1)]);
        await until(() => pubs.length >= 1, { label: 'first publication' });
        const gone = waitEvent(c, 'disconnected');
        c.disconnect();
        await gone;

        const missed = [2, 3, 4].map((v) => doc(v));
        await publishAll(ch, missed);
        const resubscribed = waitEvent(sub, 'subscribed');
        c.connect();
        const ctx = await resubscribed;
        assert.equal(ctx.recovered, true);
        await until(() => pubs.length >= 4, { label: '3 recovered publications' });
        await publishAll(ch, [doc(5)]);
        await until(() => pubs.length >= 5, { label: 'live publication after recovery' });
        await sleep(50);
        assert.deepEqual(pubs.map((p) => decodeData(proto, p.data)), [1, 2, 3, 4, 5].map((v) => doc(v)));
        assert.deepEqual(pubs.map((p) => p.offset), [1, 2, 3, 4, 5]);
        assert.ok(sub.deltaStats().numDeltaPayloads >= 3, JSON.stringify(sub.deltaStats()));
      });
    });

    test('namespace without allowed delta types: subscription works, payloads in full', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('chat');
        const c = await pool.connect(user());
        const { sub } = await pool.subscribe(c, ch, { delta: 'fossil' });
        const pubs = record(sub, 'publication');
        const docs = [1, 2].map((v) => doc(v));
        await publishAll(ch, docs);
        await until(() => pubs.length >= 2, { label: '2 publications' });
        assert.deepEqual(pubs.map((p) => decodeData(proto, p.data)), docs);
        assert.equal(sub.deltaStats().numDeltaPayloads, 0);
      });
    });
  });
}
