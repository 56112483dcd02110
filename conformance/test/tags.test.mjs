// Tag filters (namespace `tags`: allow_tags_filter, force_recovery, fossil delta allowed):
// a subscription with a `tagsFilter` receives only publications whose tags match,
// recovery returns only matching ones, and a filter is refused (107) where it is not
// allowed or malformed.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROTOCOLS, withPool, user, channel, apiOk, waitEvent, record, until, decodeData, sleep,
} from '../lib/helpers.mjs';

const BTC = { key: 'ticker', cmp: 'eq', val: 'BTC' };

async function publish(ch, n, tags) {
  return apiOk('publish', { channel: ch, data: { n }, tags });
}

for (const proto of PROTOCOLS) {
  describe(proto.name, () => {
    test('only publications whose tags match the filter are delivered', async () => {
      await withPool(proto, async (pool) => {
        const c = await pool.connect(user());
        const ch = channel('tags');
        const { sub } = await pool.subscribe(c, ch, {
          tagsFilter: { op: 'and', nodes: [BTC, { key: 'price', cmp: 'gt', val: '10' }] },
        });
        const all = await pool.connect(user());
        const { sub: plain } = await pool.subscribe(all, ch);
        const got = record(sub, 'publication');
        const everything = record(plain, 'publication');
        await publish(ch, 1, { ticker: 'BTC', price: '5' });
        await publish(ch, 2, { ticker: 'BTC', price: '11.5' });
        await publish(ch, 3, { ticker: 'ETH', price: '50' });
        await publish(ch, 4, { ticker: 'BTC', price: '100' });
        await until(() => everything.length === 4, { label: 'all four for the unfiltered subscriber' });
        await until(() => got.length === 2, { label: 'two matching publications' });
        assert.deepEqual(got.map((p) => decodeData(proto, p.data).n), [2, 4]);
        assert.deepEqual(got.map((p) => p.offset), [2, 4]);
        assert.equal(got[1].tags.price, '100');
        // A later match still arrives: the skipped offsets left no gap in the position.
        await publish(ch, 5, { ticker: 'BTC', price: '20' });
        await until(() => got.length === 3, { label: 'a later match' });
        assert.equal(decodeData(proto, got[2].data).n, 5);
      });
    });

    test('recovery returns only matching publications', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('tags');
        const first = await publish(ch, 1, { ticker: 'BTC' });
        await publish(ch, 2, { ticker: 'ETH' });
        await publish(ch, 3, { ticker: 'BTC' });
        await publish(ch, 4, { ticker: 'ETH' });
        const c = await pool.connect(user());
        const s = c.newSubscription(ch, { tagsFilter: BTC, since: { offset: first.offset, epoch: first.epoch } });
        const pubs = record(s, 'publication');
        const subscribed = waitEvent(s, 'subscribed');
        s.subscribe();
        const ctx = await subscribed;
        assert.equal(ctx.wasRecovering, true);
        assert.equal(ctx.recovered, true);
        await until(() => pubs.length === 1, { label: 'the recovered match' });
        await sleep(100);
        assert.deepEqual(pubs.map((p) => p.offset), [3]);
      });
    });

    test('cache recovery returns the newest matching publication', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('tags_cache');
        const first = await publish(ch, 1, { ticker: 'BTC' });
        await publish(ch, 2, { ticker: 'BTC' });
        await publish(ch, 3, { ticker: 'ETH' });
        const c = await pool.connect(user());
        const s = c.newSubscription(ch, { tagsFilter: BTC, since: { offset: first.offset, epoch: first.epoch } });
        const pubs = record(s, 'publication');
        const subscribed = waitEvent(s, 'subscribed');
        s.subscribe();
        const ctx = await subscribed;
        assert.equal(ctx.recovered, true);
        await until(() => pubs.length === 1, { label: 'the newest match' });
        await sleep(100);
        assert.deepEqual(pubs.map((p) => decodeData(proto, p.data).n), [2]);
      });
    });

    test('a filter is refused with 107 where not allowed, and when malformed', async () => {
      await withPool(proto, async (pool) => {
        const c = await pool.connect(user());
        for (const [ch, tagsFilter] of [
          [channel('public'), BTC],
          [channel('tags'), { key: 'ticker', cmp: 'eq' }],
          [channel('tags'), { key: 'ticker', cmp: 'like', val: 'x' }],
          [channel('tags'), { op: 'not', nodes: [BTC, BTC] }],
        ]) {
          const s = c.newSubscription(ch, { tagsFilter });
          const out = waitEvent(s, 'unsubscribed', { label: `refusal of ${JSON.stringify(tagsFilter)}` });
          s.subscribe();
          assert.equal((await out).code, 107);
          c.removeSubscription(s);
        }
      });
    });
  });
}
