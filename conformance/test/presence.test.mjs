// Presence, presence stats and join/leave events.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROTOCOLS, withPool, user, channel, connToken, apiOk, waitEvent, record, until, decodeData,
  rejects, within, sleep,
} from '../lib/helpers.mjs';

for (const proto of PROTOCOLS) {
  describe(proto.name, () => {
    test('presence and presence_stats (client and API)', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('chat');
        const ua = user('a');
        const ub = user('b');
        const a = await pool.connect(ua, { token: connToken(ua, { info: { name: 'Alice' } }) });
        const b1 = await pool.connect(ub);
        const b2 = await pool.connect(ub);
        const { sub } = await pool.subscribe(a, ch);
        await pool.subscribe(b1, ch);
        await pool.subscribe(b2, ch);

        const pr = await within(sub.presence(), { label: 'presence' });
        const ids = [a, b1, b2].map((c) => c.connectedCtx.client).sort();
        assert.deepEqual(Object.keys(pr.clients).sort(), ids);
        const infoA = pr.clients[a.connectedCtx.client];
        assert.equal(infoA.user, ua);
        assert.equal(infoA.client, a.connectedCtx.client);
        assert.deepEqual(decodeData(proto, infoA.connInfo), { name: 'Alice' });
        assert.equal(pr.clients[b1.connectedCtx.client].user, ub);

        const st = await within(sub.presenceStats(), { label: 'presence stats' });
        assert.deepEqual(st, { numClients: 3, numUsers: 2 });

        const apiPr = await apiOk('presence', { channel: ch });
        assert.deepEqual(Object.keys(apiPr.presence).sort(), ids);
        assert.deepEqual(apiPr.presence[a.connectedCtx.client], {
          user: ua, client: a.connectedCtx.client, conn_info: { name: 'Alice' },
        });
        assert.deepEqual(apiPr.presence[b2.connectedCtx.client], { user: ub, client: b2.connectedCtx.client });
        assert.deepEqual(await apiOk('presence_stats', { channel: ch }), { num_clients: 3, num_users: 2 });

        // Leaving updates presence.
        b2.disconnect();
        let stats;
        for (let i = 0; i < 50; i += 1) {
          stats = await apiOk('presence_stats', { channel: ch });
          if (stats.num_clients === 2) break;
          await sleep(20);
        }
        assert.deepEqual(stats, { num_clients: 2, num_users: 2 });
      });
    });

    test('presence permissions: 103 when not subscribed, 108 where presence is off', async () => {
      await withPool(proto, async (pool) => {
        const c = await pool.connect(user());
        const e1 = await rejects(c.presence(channel('chat')));
        assert.equal(e1.code, 103);
        assert.equal(e1.message, 'permission denied');
        const e2 = await rejects(c.presenceStats(channel('chat')));
        assert.equal(e2.code, 103);

        const pub = channel('public');
        const { sub } = await pool.subscribe(c, pub);
        const e3 = await rejects(sub.presence());
        assert.equal(e3.code, 108);
        assert.equal(e3.message, 'not available');
        const e4 = await rejects(sub.presenceStats());
        assert.equal(e4.code, 108);
      });
    });

    test('join and leave events', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('chat');
        const ua = user('a');
        const ub = user('b');
        const a = await pool.connect(ua);
        const { sub: subA } = await pool.subscribe(a, ch);
        const joins = record(subA, 'join');
        const leaves = record(subA, 'leave');
        // force_push_join_leave: A receives its own join too.
        await until(() => joins.length >= 1, { label: 'own join' });
        assert.equal(joins[0].info.client, a.connectedCtx.client);

        const b = await pool.connect(ub, { token: connToken(ub, { info: { role: 'guest' } }) });
        await pool.subscribe(b, ch);
        await until(() => joins.length >= 2, { label: 'join of B' });
        assert.equal(joins[1].channel, ch);
        assert.equal(joins[1].info.user, ub);
        assert.equal(joins[1].info.client, b.connectedCtx.client);
        assert.deepEqual(decodeData(proto, joins[1].info.connInfo), { role: 'guest' });

        b.disconnect();
        const leave = await waitEvent(subA, 'leave', { filter: (l) => l.info.client === b.connectedCtx.client });
        assert.equal(leave.channel, ch);
        assert.equal(leave.info.user, ub);
        assert.equal(leaves.length, 1);
        assert.equal(joins.length, 2);
      });
    });
  });
}
