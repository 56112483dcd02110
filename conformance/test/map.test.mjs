// Map subscriptions (subscription_type "map", "map_clients", "map_users"): a keyed channel state
// the client first receives page by page, then keeps in sync from keyed publications and
// removals. Namespaces (conformance/config.json): map_eph (ephemeral, key TTL 60s, clients may
// write and remove), map_pers (persistent), map_page (pages of at most 2 entries), map_small
// (stream of 2 changes), map_ttl (key TTL 2s), map_ckey (client_key client_id), map_ro (no client
// writes), map_delta (fossil delta), map_pres (presence in map_cli: and map_usr:).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROTOCOLS, withPool, user, channel, api, apiOk, waitEvent, waitEither, record, until, encodeData, decodeData, sleep,
} from '../lib/helpers.mjs';

/** Subscribe a map subscription of `kind` ('' map, 'Clients', 'Users'); resolves with the sync and subscribed contexts. */
async function mapSubscribe(client, ch, options = {}, kind = '') {
  const sub = client[`newMap${kind}Subscription`](ch, options);
  const sync = waitEvent(sub, 'sync', { label: `sync of ${ch}` });
  const done = waitEither(sub, 'subscribed', 'unsubscribed', { label: `subscribed to ${ch}` });
  sub.subscribe();
  const { event, ctx } = await done;
  if (event !== 'subscribed') {
    throw new Error(`unsubscribed from ${ch} while subscribing: ${ctx.code} ${ctx.reason}`);
  }
  return { sub, subscribed: ctx, sync: await sync };
}

const keysOf = (entries) => entries.map((e) => e.key).sort();

for (const proto of PROTOCOLS) {
  describe(proto.name, () => {
    test('empty map: subscribed and synced with no entries; ephemeral maps are not recoverable', async () => {
      await withPool(proto, async (pool) => {
        const c = await pool.connect(user());
        const { subscribed, sync } = await mapSubscribe(c, channel('map_eph'));
        assert.equal(sync.entries.length, 0);
        assert.equal(subscribed.recoverable, false);
      });
    });

    test('state written through the API arrives as the initial sync, over several pages', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('map_page');
        for (let i = 1; i <= 5; i += 1) await apiOk('map_publish', { channel: ch, key: `k${i}`, data: { i } });
        const c = await pool.connect(user());
        const { subscribed, sync } = await mapSubscribe(c, ch, { pageSize: 2 });
        assert.deepEqual(keysOf(sync.entries), ['k1', 'k2', 'k3', 'k4', 'k5']);
        const byKey = Object.fromEntries(sync.entries.map((e) => [e.key, decodeData(proto, e.data)]));
        assert.deepEqual(byKey.k3, { i: 3 });
        assert.equal(subscribed.recoverable, true, 'persistent maps keep a stream');
      });
    });

    test('live keyed updates and removals from the API', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('map_eph');
        const c = await pool.connect(user());
        const { sub } = await mapSubscribe(c, ch);
        const updates = record(sub, 'update');
        await apiOk('map_publish', { channel: ch, key: 'a', data: { v: 1 } });
        await apiOk('map_publish', { channel: ch, key: 'a', data: { v: 2 } });
        await apiOk('map_remove', { channel: ch, key: 'a' });
        await until(() => updates.length >= 3, { label: '3 updates' });
        assert.deepEqual(updates.map((u) => u.key), ['a', 'a', 'a']);
        assert.deepEqual(decodeData(proto, updates[1].data), { v: 2 });
        assert.ok(!updates[0].removed && !updates[1].removed);
        assert.equal(updates[2].removed, true);
      });
    });

    test('client writes and removes keys; a second subscriber sees them in its state', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('map_eph');
        const a = await pool.connect(user());
        const { sub } = await mapSubscribe(a, ch);
        const updates = record(sub, 'update');
        await sub.publish('x', encodeData(proto, { from: 'a' }));
        await sub.publish('y', encodeData(proto, { from: 'a' }));
        await sub.remove('x');
        await until(() => updates.length >= 3, { label: '3 updates' });
        const b = await pool.connect(user());
        const { sync } = await mapSubscribe(b, ch);
        assert.deepEqual(keysOf(sync.entries), ['y']);
        assert.deepEqual(decodeData(proto, sync.entries[0].data), { from: 'a' });
      });
    });

    test('client writes need map.allow_publish_*; otherwise 103', async () => {
      await withPool(proto, async (pool) => {
        const c = await pool.connect(user());
        const { sub } = await mapSubscribe(c, channel('map_ro'));
        await assert.rejects(sub.publish('k', encodeData(proto, { v: 1 })), (e) => e.code === 103);
        await assert.rejects(sub.remove('k'), (e) => e.code === 103);
      });
    });

    test('map.client_key client_id keys a client write by its client id', async () => {
      await withPool(proto, async (pool) => {
        const c = await pool.connect(user());
        const { sub } = await mapSubscribe(c, channel('map_ckey'));
        const update = waitEvent(sub, 'update', { label: 'update' });
        await sub.publish('anything', encodeData(proto, { v: 1 }));
        assert.equal((await update).key, c.connectedCtx.client);
      });
    });

    test('a stream subscription to a map namespace, and a map subscription to a stream one, are refused', async () => {
      await withPool(proto, async (pool) => {
        const c = await pool.connect(user());
        const plain = c.newSubscription(channel('map_eph'));
        const p1 = waitEither(plain, 'subscribed', 'unsubscribed', { label: 'plain subscribe' });
        plain.subscribe();
        const r1 = await p1;
        assert.equal(r1.event, 'unsubscribed');
        assert.equal(r1.ctx.code, 103);
        const map = c.newMapSubscription(channel('chat'));
        const p2 = waitEither(map, 'subscribed', 'unsubscribed', { label: 'map subscribe' });
        map.subscribe();
        const r2 = await p2;
        assert.equal(r2.event, 'unsubscribed');
        assert.equal(r2.ctx.code, 103);
      });
    });

    test('persistent map: a reconnecting client recovers the missed changes without a new sync', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('map_pers');
        await apiOk('map_publish', { channel: ch, key: 'before', data: { v: 0 } });
        const c = await pool.connect(user());
        const { sub, sync } = await mapSubscribe(c, ch);
        assert.deepEqual(keysOf(sync.entries), ['before']);
        const syncs = record(sub, 'sync');
        const updates = record(sub, 'update');
        c.disconnect();
        await apiOk('map_publish', { channel: ch, key: 'during', data: { v: 1 } });
        await apiOk('map_remove', { channel: ch, key: 'before' });
        const again = waitEvent(sub, 'subscribed', { label: 'resubscribed' });
        c.connect();
        const ctx = await again;
        assert.equal(ctx.recovered, true);
        await until(() => updates.length >= 2, { label: '2 recovered updates' });
        assert.deepEqual(updates.map((u) => [u.key, !!u.removed]), [['during', false], ['before', true]]);
        await sleep(100);
        assert.equal(syncs.length, 0, 'no sync after a successful recovery');
      });
    });

    test('a position the stream no longer covers: from scratch by default, 112 with the fatal strategy', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('map_small');
        const c = await pool.connect(user());
        const scratch = await mapSubscribe(c, ch);
        const fatal = await mapSubscribe(c, channel('map_small'), { unrecoverableStrategy: 'fatal' });
        // Both hold a position past the start of the stream before they leave.
        const seen = [waitEvent(scratch.sub, 'update', { label: 'first update' }),
          waitEvent(fatal.sub, 'update', { label: 'first update' })];
        await apiOk('map_publish', { channel: ch, key: 'k0', data: { i: 0 } });
        await apiOk('map_publish', { channel: fatal.sub.channel, key: 'k0', data: { i: 0 } });
        await Promise.all(seen);
        scratch.sub.unsubscribe();
        fatal.sub.unsubscribe();
        for (let i = 1; i <= 4; i += 1) {
          await apiOk('map_publish', { channel: ch, key: `k${i}`, data: { i } });
          await apiOk('map_publish', { channel: fatal.sub.channel, key: `k${i}`, data: { i } });
        }
        const resync = waitEvent(scratch.sub, 'sync', { label: 'sync from scratch' });
        const resubscribed = waitEvent(scratch.sub, 'subscribed', { label: 'resubscribed' });
        scratch.sub.subscribe();
        assert.equal((await resubscribed).recovered, false);
        assert.deepEqual(keysOf((await resync).entries), ['k0', 'k1', 'k2', 'k3', 'k4']);
        const gone = waitEvent(fatal.sub, 'unsubscribed', { label: 'unsubscribed' });
        fatal.sub.subscribe();
        assert.equal((await gone).code, 112);
      });
    });

    test('an expired key is removed from subscribers and from the state', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('map_ttl');
        const c = await pool.connect(user());
        const { sub } = await mapSubscribe(c, ch);
        const removed = waitEvent(sub, 'update', { filter: (u) => u.removed, timeout: 8000, label: 'expiry removal' });
        await apiOk('map_publish', { channel: ch, key: 'short', data: { v: 1 } });
        assert.equal((await removed).key, 'short');
        const d = await pool.connect(user());
        const { sync } = await mapSubscribe(d, ch);
        assert.equal(sync.entries.length, 0);
      });
    });

    test('map_clients and map_users presence channels follow the subscribers', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('map_pres');
        const watcher = await pool.connect(user());
        const clients = await mapSubscribe(watcher, `map_cli:${ch}`, {}, 'Clients');
        const users = await mapSubscribe(watcher, `map_usr:${ch}`, {}, 'Users');
        assert.equal(clients.sync.entries.length, 0);
        const name = user();
        const member = await pool.connect(name);
        const joined = waitEvent(clients.sub, 'update', { label: 'client presence added' });
        const userJoined = waitEvent(users.sub, 'update', { label: 'user presence added' });
        const { sub } = await mapSubscribe(member, ch);
        const add = await joined;
        assert.equal(add.key, member.connectedCtx.client);
        assert.ok(!add.removed);
        assert.equal((await userJoined).key, name);
        const left = waitEvent(clients.sub, 'update', { label: 'client presence removed' });
        sub.unsubscribe();
        const rm = await left;
        assert.equal(rm.key, member.connectedCtx.client);
        assert.equal(rm.removed, true);
      });
    });

    test('fossil delta on a map: patches per key, each value reconstructed exactly', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('map_delta');
        const filler = 'lorem ipsum '.repeat(40);
        await apiOk('map_publish', { channel: ch, key: 'a', data: { v: 0, filler } });
        const c = await pool.connect(user());
        const { sub } = await mapSubscribe(c, ch, { delta: 'fossil' });
        const updates = record(sub, 'update');
        const sent = [['a', 1], ['b', 1], ['a', 2], ['b', 2]];
        for (const [key, v] of sent) await apiOk('map_publish', { channel: ch, key, data: { v, filler } });
        await until(() => updates.length >= 4, { label: '4 updates' });
        assert.deepEqual(updates.map((u) => [u.key, decodeData(proto, u.data).v]), sent);
        const stats = sub.deltaStats();
        assert.equal(stats.numDeltaPayloads, 3, `a from the state, then b: ${JSON.stringify(stats)}`);
      });
    });
  });
}

describe('server API', () => {
  test('map_publish and map_remove answer positions and suppression reasons', async () => {
    const ch = channel('map_pers');
    const first = await apiOk('map_publish', { channel: ch, key: 'k', data: { v: 1 } });
    assert.equal(first.offset, 1);
    assert.equal(typeof first.epoch, 'string');
    const again = await apiOk('map_publish', { channel: ch, key: 'k', data: { v: 2 }, key_mode: 'if_new' });
    assert.deepEqual(again, { offset: 1, epoch: first.epoch, suppressed: true, suppress_reason: 'key_exists' });
    const idem1 = await apiOk('map_publish', { channel: ch, key: 'j', data: 1, idempotency_key: 'once' });
    const idem2 = await apiOk('map_publish', { channel: ch, key: 'j', data: 1, idempotency_key: 'once' });
    assert.equal(idem2.suppress_reason, 'idempotency');
    assert.equal(idem2.offset, idem1.offset);
    const missing = await apiOk('map_remove', { channel: ch, key: 'none' });
    assert.equal(missing.suppress_reason, 'key_not_found');
    const removed = await apiOk('map_remove', { channel: ch, key: 'k' });
    assert.equal(removed.offset, idem1.offset + 1);
    const eph = await apiOk('map_publish', { channel: channel('map_eph'), key: 'k', b64data: 'aGk=' });
    assert.equal(eph.offset, undefined, 'ephemeral maps have no offsets');
  });

  test('map_publish and map_remove errors', async () => {
    const cases = [
      ['map_publish', { channel: channel('map_pers'), data: 1 }, 107],
      ['map_publish', { channel: channel('chat'), key: 'k', data: 1 }, 107],
      ['map_publish', { channel: channel('nosuchns'), key: 'k', data: 1 }, 102],
      ['map_publish', { channel: channel('map_pers'), key: 'k', data: 1, key_mode: 'sometimes' }, 107],
      ['map_remove', { channel: '', key: 'k' }, 107],
      ['map_remove', { channel: channel('public'), key: 'k' }, 107],
    ];
    for (const [method, body, code] of cases) {
      const r = await api(method, body);
      assert.equal(r.status, 200, `${method} ${JSON.stringify(body)}`);
      assert.equal(r.json.error?.code, code, `${method} ${JSON.stringify(body)}: ${JSON.stringify(r.json)}`);
    }
  });
});

// Tags filters on map subscriptions (namespace map_tags: persistent, pages of at most 2 entries,
// allow_tags_filter). The filter applies to the state pages, to the changes recovered from the
// stream and to live changes; what it rejects is skipped without breaking the position.
const ENG = { key: 'team', cmp: 'eq', val: 'eng' };

for (const proto of PROTOCOLS) {
  describe(`${proto.name} tags filter`, () => {
    test('the initial sync holds only the entries whose tags match, over several pages', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('map_tags');
        const teams = ['sales', 'eng', 'sales', 'sales', 'eng', 'eng', 'sales'];
        for (const [i, team] of teams.entries()) {
          await apiOk('map_publish', { channel: ch, key: `k${i}`, data: { i }, tags: { team } });
        }
        const c = await pool.connect(user());
        const { sync } = await mapSubscribe(c, ch, { tagsFilter: ENG, pageSize: 2 });
        assert.deepEqual(keysOf(sync.entries), ['k1', 'k4', 'k5']);
        assert.deepEqual(sync.entries.find((e) => e.key === 'k4').tags, { team: 'eng' });
      });
    });

    test('live changes whose tags do not match are not sent; a match after them is', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('map_tags');
        const c = await pool.connect(user());
        const { sub } = await mapSubscribe(c, ch, { tagsFilter: ENG });
        const updates = record(sub, 'update');
        await apiOk('map_publish', { channel: ch, key: 's1', data: { v: 1 }, tags: { team: 'sales' } });
        await apiOk('map_publish', { channel: ch, key: 'e1', data: { v: 2 }, tags: { team: 'eng' } });
        await apiOk('map_publish', { channel: ch, key: 'n1', data: { v: 3 } });
        // The key moves to another team: subscribers filtering on the old one are not told.
        await apiOk('map_publish', { channel: ch, key: 'e1', data: { v: 4 }, tags: { team: 'sales' } });
        await apiOk('map_publish', { channel: ch, key: 'e2', data: { v: 5 }, tags: { team: 'eng' } });
        await until(() => updates.some((u) => u.key === 'e2'), { label: 'the last match' });
        await sleep(100);
        assert.deepEqual(updates.map((u) => [u.key, decodeData(proto, u.data).v]), [['e1', 2], ['e2', 5]]);
        assert.deepEqual(updates[0].tags, { team: 'eng' });
      });
    });

    test('client writes without tags are left out by a filter; unfiltered subscribers get them', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('map_tags');
        const a = await pool.connect(user());
        const filtered = await mapSubscribe(a, ch, { tagsFilter: ENG });
        const b = await pool.connect(user());
        const plain = await mapSubscribe(b, ch);
        const fUpdates = record(filtered.sub, 'update');
        const pUpdates = record(plain.sub, 'update');
        await plain.sub.publish('c1', encodeData(proto, { from: 'b' }));
        await apiOk('map_publish', { channel: ch, key: 'e1', data: { v: 1 }, tags: { team: 'eng' } });
        await until(() => fUpdates.length >= 1 && pUpdates.length >= 2, { label: 'updates' });
        await sleep(100);
        assert.deepEqual(fUpdates.map((u) => u.key), ['e1']);
        assert.deepEqual(pUpdates.map((u) => u.key), ['c1', 'e1']);
      });
    });

    test('recovery brings back only the missed changes that match, without a new sync', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('map_tags');
        await apiOk('map_publish', { channel: ch, key: 'e0', data: { v: 0 }, tags: { team: 'eng' } });
        const c = await pool.connect(user());
        const { sub, sync } = await mapSubscribe(c, ch, { tagsFilter: ENG });
        assert.deepEqual(keysOf(sync.entries), ['e0']);
        const syncs = record(sub, 'sync');
        const updates = record(sub, 'update');
        c.disconnect();
        await apiOk('map_publish', { channel: ch, key: 's1', data: { v: 1 }, tags: { team: 'sales' } });
        await apiOk('map_publish', { channel: ch, key: 'e1', data: { v: 2 }, tags: { team: 'eng' } });
        await apiOk('map_publish', { channel: ch, key: 's2', data: { v: 3 }, tags: { team: 'sales' } });
        const again = waitEvent(sub, 'subscribed', { label: 'resubscribed' });
        c.connect();
        const ctx = await again;
        assert.equal(ctx.recovered, true);
        await until(() => updates.length >= 1, { label: 'the recovered match' });
        await apiOk('map_publish', { channel: ch, key: 'e2', data: { v: 4 }, tags: { team: 'eng' } });
        await until(() => updates.length >= 2, { label: 'a live match after recovery' });
        await sleep(100);
        assert.deepEqual(updates.map((u) => u.key), ['e1', 'e2']);
        assert.equal(syncs.length, 0, 'no sync after a successful recovery');
      });
    });

    test('a filter is refused with 107 on a map namespace without allow_tags_filter, and when malformed', async () => {
      await withPool(proto, async (pool) => {
        const c = await pool.connect(user());
        for (const [ch, tagsFilter] of [
          [channel('map_pers'), ENG],
          [channel('map_tags'), { key: 'team', cmp: 'eq' }],
        ]) {
          const s = c.newMapSubscription(ch, { tagsFilter });
          const out = waitEvent(s, 'unsubscribed', { label: `refusal of ${JSON.stringify(tagsFilter)}` });
          s.subscribe();
          assert.equal((await out).code, 107);
          c.removeSubscription(s);
        }
      });
    });
  });
}
