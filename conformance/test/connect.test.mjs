// Connection establishment and connection-token handling.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROTOCOLS, withPool, user, jwt, connToken, nowSec, waitEvent, record, sleep, isUuid,
} from '../lib/helpers.mjs';

for (const proto of PROTOCOLS) {
  describe(proto.name, () => {
    test('connect with a valid token', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        const c = await pool.connect(u);
        assert.equal(c.state, 'connected');
        assert.ok(isUuid(c.connectedCtx.client), `client id is a UUID: ${c.connectedCtx.client}`);
        assert.equal(c.connectedCtx.transport, 'websocket');
        // A second connection of the same user gets its own client id.
        const c2 = await pool.connect(u);
        assert.ok(isUuid(c2.connectedCtx.client));
        assert.notEqual(c2.connectedCtx.client, c.connectedCtx.client);
      });
    });

    test('connect without any token is refused with 3501 (terminal)', async () => {
      await withPool(proto, async (pool) => {
        const c = pool.make({ token: '' });
        const connecting = record(c, 'connecting');
        const disconnected = waitEvent(c, 'disconnected');
        c.connect();
        const ctx = await disconnected;
        assert.equal(ctx.code, 3501);
        assert.equal(ctx.reason, 'bad request');
        await sleep(300);
        assert.equal(c.state, 'disconnected');
        assert.equal(connecting.length, 1, 'no reconnect attempts after a terminal code');
      });
    });

    test('token with a wrong signature is refused with 3500 (terminal)', async () => {
      await withPool(proto, async (pool) => {
        const c = pool.make({ token: jwt({ sub: user(), exp: nowSec() + 3600 }, 'not-the-secret') });
        const connecting = record(c, 'connecting');
        const connected = record(c, 'connected');
        const disconnected = waitEvent(c, 'disconnected');
        c.connect();
        const ctx = await disconnected;
        assert.equal(ctx.code, 3500);
        assert.equal(ctx.reason, 'invalid token');
        await sleep(300);
        assert.equal(c.state, 'disconnected');
        assert.equal(connected.length, 0);
        assert.equal(connecting.length, 1, 'no reconnect attempts after a terminal code');
      });
    });

    test('token carrying a "channel" claim is refused with 3500', async () => {
      await withPool(proto, async (pool) => {
        const c = pool.make({ token: connToken(user(), { channel: 'chat:x' }) });
        const disconnected = waitEvent(c, 'disconnected');
        c.connect();
        const ctx = await disconnected;
        assert.equal(ctx.code, 3500);
        assert.equal(ctx.reason, 'invalid token');
      });
    });

    test('expired token: client fetches a fresh one via getToken and connects', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        let calls = 0;
        const c = pool.make({
          token: jwt({ sub: u, exp: nowSec() - 10 }),
          getToken: async () => {
            calls += 1;
            return connToken(u);
          },
        });
        const disconnected = record(c, 'disconnected');
        const connected = waitEvent(c, 'connected');
        c.connect();
        const ctx = await connected;
        assert.ok(isUuid(ctx.client));
        assert.equal(calls, 1, 'getToken called exactly once');
        assert.equal(disconnected.length, 0);
        // The server reported the expired token as error 109 to the client.
        const tokenErrors = c.errors.filter((e) => e.error && e.error.code === 109);
        assert.equal(tokenErrors.length, 1, `one 109 error event, got ${JSON.stringify(c.errors)}`);
        assert.equal(tokenErrors[0].error.message, 'token expired');
      });
    });

    test('no token at all: client asks getToken first', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        let calls = 0;
        const c = pool.make({
          getToken: async () => {
            calls += 1;
            return connToken(u);
          },
        });
        const connected = waitEvent(c, 'connected');
        c.connect();
        await connected;
        assert.equal(calls, 1);
        assert.equal(c.errors.length, 0, `no errors: ${JSON.stringify(c.errors)}`);
      });
    });
  });
}
