// Token refresh: short-lived connection and subscription tokens are refreshed
// through getToken (refresh / sub_refresh commands) while everything stays up.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROTOCOLS, withPool, user, channel, jwt, subToken, nowSec, record, until, waitEvent,
  encodeData, decodeData, within, apiOk,
} from '../lib/helpers.mjs';

const TTL = 3; // seconds

for (const proto of PROTOCOLS) {
  describe(proto.name, () => {
    test('short-lived token is refreshed via getToken, connection stays up', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        let calls = 0;
        const c = await pool.connect(u, {
          token: jwt({ sub: u, exp: nowSec() + TTL }),
          getToken: async () => {
            calls += 1;
            return jwt({ sub: u, exp: nowSec() + TTL });
          },
        });
        const firstClient = c.connectedCtx.client;
        const disconnected = record(c, 'disconnected');
        const connecting = record(c, 'connecting');

        // Two refresh cycles, each at most TTL seconds apart.
        await until(() => calls >= 2, { timeout: 2 * TTL * 1000 + 3000, label: 'two token refreshes' });
        assert.equal(disconnected.length, 0, 'no disconnect during refresh');
        assert.equal(connecting.length, 0, 'no reconnect during refresh');
        assert.equal(c.state, 'connected');
        assert.equal(c.errors.length, 0, `no errors: ${JSON.stringify(c.errors)}`);

        // The same connection still works end to end.
        const ch = channel('chat');
        const { sub } = await pool.subscribe(c, ch);
        const pub = waitEvent(sub, 'publication');
        await within(sub.publish(encodeData(proto, { after: 'refresh' })), { label: 'publish' });
        const got = await pub;
        assert.deepEqual(decodeData(proto, got.data), { after: 'refresh' });
        assert.equal(got.info.client, firstClient, 'still the original connection');
        assert.equal(got.info.user, u);
      });
    });

    test('short-lived subscription token is refreshed via getToken, subscription stays up', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        const ch = channel('secure');
        const c = await pool.connect(u);
        let calls = 0;
        const { sub, ctx } = await pool.subscribe(c, ch, {
          getToken: async (tctx) => {
            assert.equal(tctx.channel, ch);
            calls += 1;
            return subToken(u, ch, { exp: nowSec() + TTL });
          },
        });
        assert.equal(ctx.channel, ch);
        assert.equal(calls, 1);
        const unsubscribed = record(sub, 'unsubscribed');
        const subscribing = record(sub, 'subscribing');
        const subErrors = record(sub, 'error');
        const disconnected = record(c, 'disconnected');

        // The first call was for subscribing; two more are refreshes.
        await until(() => calls >= 3, { timeout: 2 * TTL * 1000 + 3000, label: 'two subscription token refreshes' });
        assert.equal(unsubscribed.length, 0, 'no unsubscribe during refresh');
        assert.equal(subscribing.length, 0, 'no resubscribe during refresh');
        assert.equal(subErrors.length, 0, `no subscription errors: ${JSON.stringify(subErrors)}`);
        assert.equal(disconnected.length, 0);
        assert.equal(sub.state, 'subscribed');

        const pub = waitEvent(sub, 'publication');
        await apiOk('publish', { channel: ch, data: { still: 'subscribed' } });
        assert.deepEqual(decodeData(proto, (await pub).data), { still: 'subscribed' });
      });
    });
  });
}
