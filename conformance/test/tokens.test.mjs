// RSA, ECDSA and JWKS tokens (client.token.rsa_public_key / ecdsa_public_key in config.json;
// JWKS against a second server started with client.token.jwks_public_endpoint pointing at the
// endpoint this file serves on XS_JWKS_PORT, see run.sh).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import {
  PROTOCOLS, withPool, user, channel, nowSec, waitEvent, waitEither, record, sleep, apiOk, decodeData,
} from '../lib/helpers.mjs';
import { RSA_KEY, ECDSA_KEY, signJwt, keyPair, jwk, serveJwks } from '../lib/jose.mjs';

const JWKS_WS_URL = process.env.XS_JWKS_WS_URL || '';
const JWKS_PORT = Number(process.env.XS_JWKS_PORT || 18099);

const claims = (sub, extra = {}) => ({ sub, exp: nowSec() + 3600, ...extra });

/** Connects with `token`; resolves with the `connected` or `disconnected` outcome. */
async function attempt(pool, token, options = {}) {
  const c = pool.make({ token, ...options });
  const p = waitEither(c, 'connected', 'disconnected', { label: 'connect outcome' });
  c.connect();
  const { event, ctx } = await p;
  return { c, event, ctx };
}

async function assertRefused(pool, token, options = {}) {
  const { c, event, ctx } = await attempt(pool, token, options);
  assert.equal(event, 'disconnected', 'connection must be refused');
  assert.equal(ctx.code, 3500);
  assert.equal(ctx.reason, 'invalid token');
  return c;
}

for (const proto of PROTOCOLS) {
  describe(proto.name, () => {
    test('RS256, RS384 and RS512 connection tokens are accepted', async () => {
      await withPool(proto, async (pool) => {
        for (const alg of ['RS256', 'RS384', 'RS512']) {
          const u = user();
          const { event, ctx } = await attempt(pool, signJwt(alg, RSA_KEY, claims(u)));
          assert.equal(event, 'connected', `${alg}: ${ctx.code} ${ctx.reason}`);
        }
      });
    });

    test('ES256 connection token is accepted and its user is the client', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        const { c, event } = await attempt(pool, signJwt('ES256', ECDSA_KEY, claims(u)));
        assert.equal(event, 'connected');
        const ch = channel('chat');
        const { sub } = await pool.subscribe(c, ch);
        const pub = waitEvent(sub, 'publication');
        await apiOk('publish', { channel: ch, data: { via: 'es256' } });
        assert.deepEqual(decodeData(proto, (await pub).data), { via: 'es256' });
        const presence = await apiOk('presence', { channel: ch });
        assert.deepEqual(Object.values(presence.presence).map((p) => p.user), [u]);
      });
    });

    test('RSA or ECDSA token signed with another key is refused with 3500', async () => {
      await withPool(proto, async (pool) => {
        await assertRefused(pool, signJwt('RS256', keyPair('rsa').privateKey, claims(user())));
        await assertRefused(pool, signJwt('ES256', keyPair('P-256').privateKey, claims(user())));
      });
    });

    test('ECDSA signature in DER form (not R||S) and an unconfigured curve are refused with 3500', async () => {
      await withPool(proto, async (pool) => {
        await assertRefused(pool, signJwt('ES256', ECDSA_KEY, claims(user()), { der: true }));
        await assertRefused(pool, signJwt('ES384', keyPair('P-384').privateKey, claims(user())));
      });
    });

    test('alg "none" is refused with 3500', async () => {
      await withPool(proto, async (pool) => {
        const enc = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
        await assertRefused(pool, `${enc({ alg: 'none', typ: 'JWT' })}.${enc(claims(user()))}.`);
      });
    });

    test('RS256 subscription token grants a token-only channel; a foreign ES256 one is refused (103)', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        const { c } = await attempt(pool, signJwt('ES256', ECDSA_KEY, claims(u)));
        const bad = channel('secure');
        const refused = c.newSubscription(bad, {
          token: signJwt('ES256', keyPair('P-256').privateKey, claims(u, { channel: bad })),
        });
        const r = waitEither(refused, 'unsubscribed', 'subscribed', { label: 'refusal' });
        refused.subscribe();
        const out = await r;
        assert.equal(out.event, 'unsubscribed');
        assert.equal(out.ctx.code, 103);

        const ch = channel('secure');
        const { sub } = await pool.subscribe(c, ch, { token: signJwt('RS256', RSA_KEY, claims(u, { channel: ch })) });
        const pub = waitEvent(sub, 'publication');
        await apiOk('publish', { channel: ch, data: { rsa: true } });
        assert.deepEqual(decodeData(proto, (await pub).data), { rsa: true });
      });
    });
  });
}

describe('jwks', { skip: JWKS_WS_URL ? false : 'XS_JWKS_WS_URL not set (no server with a JWKS endpoint)' }, () => {
  let endpoint;
  const first = keyPair('rsa');
  const second = keyPair('P-256');

  before(async () => {
    endpoint = await serveJwks(JWKS_PORT);
    endpoint.setKeys([jwk(first.privateKey, 'k1')]);
  });
  after(async () => {
    if (endpoint) await endpoint.close();
  });

  for (const proto of PROTOCOLS) {
    test(`${proto.name}: keys come from the JWKS endpoint, rotate, and unknown ones are refused`, async () => {
      await withPool(proto, async (pool) => {
        const opts = { websocket: WebSocket };
        const make = (token) => {
          const c = new proto.Centrifuge(JWKS_WS_URL, { ...opts, token, timeout: 4000, minReconnectDelay: 100 });
          pool.clients.push(c);
          return c;
        };
        const outcome = async (token) => {
          const c = make(token);
          const p = waitEither(c, 'connected', 'disconnected', { label: 'JWKS connect outcome' });
          c.connect();
          return p;
        };
        endpoint.setKeys([jwk(first.privateKey, 'k1')]);
        let r = await outcome(signJwt('RS256', first.privateKey, claims(user()), { kid: 'k1' }));
        assert.equal(r.event, 'connected', `k1: ${r.ctx.code} ${r.ctx.reason}`);

        endpoint.setKeys([jwk(first.privateKey, 'k1'), jwk(second.privateKey, 'k2')]);
        r = await outcome(signJwt('ES256', second.privateKey, claims(user()), { kid: 'k2' }));
        assert.equal(r.event, 'connected', `k2 after rotation: ${r.ctx.code} ${r.ctx.reason}`);

        r = await outcome(signJwt('ES256', keyPair('P-256').privateKey, claims(user()), { kid: 'k2' }));
        assert.equal(r.event, 'disconnected');
        assert.equal(r.ctx.code, 3500);
        assert.ok(endpoint.fetches >= 1);
      });
    });
  }
});
