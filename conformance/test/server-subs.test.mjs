// Server-side subscriptions: from the connection token `channels` claim and
// from the server API subscribe/unsubscribe methods (namespace `match`).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROTOCOLS, withPool, user, channel, connToken, subToken, apiOk, waitEvent, record, until,
  decodeData, encodeData, rejects, sleep,
} from '../lib/helpers.mjs';

for (const proto of PROTOCOLS) {
  describe(proto.name, () => {
    test('token "channels" claim: server-side subscription, client-level publication event', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        const ch = channel('match');
        const c = pool.make({ token: connToken(u, { channels: [ch] }) });
        const subscribed = waitEvent(c, 'subscribed', { filter: (x) => x.channel === ch });
        const pubs = record(c, 'publication');
        const connected = waitEvent(c, 'connected');
        c.connect();
        const cctx = await connected;
        const sctx = await subscribed;
        assert.equal(sctx.channel, ch);
        assert.equal(sctx.recoverable, true, 'match has force_recovery');
        assert.equal(sctx.positioned, true);
        assert.equal(sctx.wasRecovering, false);
        assert.equal(sctx.streamPosition.offset, 0);
        assert.equal(c.getSubscription(ch), null, 'no client-side subscription object');

        const r = await apiOk('publish', { channel: ch, data: { server: 'side' } });
        assert.equal(r.offset, 1);
        await until(() => pubs.length === 1, { label: 'server-side publication' });
        assert.equal(pubs[0].channel, ch);
        assert.deepEqual(decodeData(proto, pubs[0].data), { server: 'side' });
        assert.equal(pubs[0].offset, 1);

        // The connection is in the channel's presence.
        const pr = await apiOk('presence', { channel: ch });
        assert.deepEqual(Object.keys(pr.presence), [cctx.client]);

        // match allows no client publish, even for a server-side subscriber.
        const e = await rejects(c.publish(ch, encodeData(proto, { nope: 1 })));
        assert.equal(e.code, 103);
      });
    });

    test('match namespace: client-side subscribe needs a token', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        const c = await pool.connect(u);
        const ch = channel('match');
        const s = c.newSubscription(ch);
        const refused = waitEvent(s, 'unsubscribed');
        s.subscribe();
        assert.equal((await refused).code, 103);
        c.removeSubscription(s);
        const { ctx } = await pool.subscribe(c, ch, { token: subToken(u, ch) });
        assert.equal(ctx.recoverable, true);
      });
    });

    test('server API subscribe / unsubscribe of a user reach the client', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        const ch = channel('match');
        const c = await pool.connect(u);
        const other = await pool.connect(user('other'));
        const otherSubs = record(other, 'subscribed');

        const subscribed = waitEvent(c, 'subscribed', { filter: (x) => x.channel === ch });
        assert.deepEqual(await apiOk('subscribe', { user: u, channel: ch }), {});
        const sctx = await subscribed;
        assert.equal(sctx.recoverable, true);
        assert.equal(sctx.positioned, true);

        const pub = waitEvent(c, 'publication', { filter: (x) => x.channel === ch });
        await apiOk('publish', { channel: ch, data: { via: 'api-sub' } });
        const p = await pub;
        assert.deepEqual(decodeData(proto, p.data), { via: 'api-sub' });
        assert.equal(p.offset, 1);

        const unsubscribed = waitEvent(c, 'unsubscribed', { filter: (x) => x.channel === ch });
        assert.deepEqual(await apiOk('unsubscribe', { user: u, channel: ch }), {});
        const uctx = await unsubscribed;
        assert.equal(uctx.channel, ch);

        const late = record(c, 'publication');
        await apiOk('publish', { channel: ch, data: { late: true } });
        await sleep(200);
        assert.equal(late.length, 0, 'no delivery after server unsubscribe');
        assert.equal(otherSubs.length, 0, 'other users are not affected');
        assert.equal(c.state, 'connected');
      });
    });

    test('server API subscribe with data: delivered in the subscribed context', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        const ch = channel('match');
        const c = await pool.connect(u);
        const subscribed = waitEvent(c, 'subscribed', { filter: (x) => x.channel === ch });
        await apiOk('subscribe', { user: u, channel: ch, data: { welcome: 1 } });
        const sctx = await subscribed;
        assert.deepEqual(decodeData(proto, sctx.data), { welcome: 1 });
      });
    });
  });
}
