// The product flow end to end, with the official centrifuge-js client: a backend mints tokens
// and publishes through the control-plane API with a project key; browsers connect with the
// minted tokens. Two projects prove that nothing crosses between tenants.
//
// Environment: XS_BASE_URL (http://127.0.0.1:PORT), XS_PROJECT_A_KEY, XS_PROJECT_B_KEY (server
// API keys), XS_PROJECT_A_CLIENT_KEY (public client key of project A).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { PROTOCOLS, rnd, user, waitEvent, waitEither, record, sleep, until, decodeData } from '../lib/helpers.mjs';

const BASE = (process.env.XS_BASE_URL || 'http://127.0.0.1:3001').replace(/\/+$/, '');
const WS = BASE.replace(/^http/, 'ws') + '/realtime/connection/websocket';
const KEY_A = process.env.XS_PROJECT_A_KEY;
const KEY_B = process.env.XS_PROJECT_B_KEY;
const CLIENT_KEY_A = process.env.XS_PROJECT_A_CLIENT_KEY;

async function call(path, key, body) {
  const res = await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { Authorization: `apikey ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  return { status: res.status, body: await res.json() };
}

async function token(key, userId, extra = {}) {
  const r = await call('/api/realtime/token', key, { userId, ttlSeconds: 300, ...extra });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.token;
}

async function publish(key, channel, data) {
  const r = await call('/api/realtime/publish', key, { channel, data });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

function client(proto, options, url = WS) {
  const c = new proto.Centrifuge(url, { websocket: WebSocket, timeout: 4000, minReconnectDelay: 100, ...options });
  c.on('error', () => {});
  return c;
}

async function connected(c) {
  const p = waitEither(c, 'connected', 'disconnected', { label: 'connected' });
  c.connect();
  const { event, ctx } = await p;
  assert.equal(event, 'connected', `disconnected ${ctx.code} ${ctx.reason}`);
  return c;
}

async function subscribed(c, channel, options = {}) {
  const sub = c.newSubscription(channel, options);
  const p = waitEither(sub, 'subscribed', 'unsubscribed', { label: `subscribed ${channel}` });
  sub.subscribe();
  const { event, ctx } = await p;
  return { sub, event, ctx };
}

describe('product flow', { skip: !KEY_A || !KEY_B ? 'XS_PROJECT_A_KEY/XS_PROJECT_B_KEY not set' : false }, () => {
  for (const proto of PROTOCOLS) {
    test(`${proto.name}: token from the project API, publish through it, receive`, async () => {
      const ch = `public:lobby-${rnd()}`;
      const c = await connected(client(proto, { token: await token(KEY_A, user()) }));
      try {
        const { sub, event } = await subscribed(c, ch);
        assert.equal(event, 'subscribed');
        const got = waitEvent(sub, 'publication', { label: 'publication' });
        const res = await publish(KEY_A, ch, { text: 'hello' });
        assert.equal(res.channel, ch);
        assert.equal(res.offset, 1);
        const ctx = await got;
        assert.deepEqual(decodeData(proto, ctx.data), { text: 'hello' });
        assert.equal(ctx.offset, 1);
      } finally {
        c.disconnect();
      }
    });

    test(`${proto.name}: the same channel in two projects never crosses`, async () => {
      const ch = `public:shared-${rnd()}`;
      const a = await connected(client(proto, { token: await token(KEY_A, 'same-user') }));
      const b = await connected(client(proto, { token: await token(KEY_B, 'same-user') }));
      try {
        const sa = (await subscribed(a, ch)).sub;
        const sb = (await subscribed(b, ch)).sub;
        const gotA = record(sa, 'publication');
        const gotB = record(sb, 'publication');
        await publish(KEY_A, ch, { to: 'A' });
        await publish(KEY_B, ch, { to: 'B' });
        await until(() => gotA.length >= 1 && gotB.length >= 1, { label: 'both publications' });
        await sleep(300); // anything that crossed over would have arrived by now
        assert.deepEqual(gotA.map((x) => decodeData(proto, x.data)), [{ to: 'A' }]);
        assert.deepEqual(gotB.map((x) => decodeData(proto, x.data)), [{ to: 'B' }]);
        assert.equal(gotA[0].offset, 1, 'each project has its own stream');
        assert.equal(gotB[0].offset, 1, 'each project has its own stream');
      } finally {
        a.disconnect();
        b.disconnect();
      }
    });

    test(`${proto.name}: a subscription token works only in its own project`, async () => {
      const ch = `chat:room-${rnd()}`;
      const u = user();
      const subToken = async (key) => {
        const r = await call('/api/realtime/subscription-token', key, { userId: u, channel: ch, ttlSeconds: 120 });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body.token;
      };
      const a = await connected(client(proto, { token: await token(KEY_A, u) }));
      const b = await connected(client(proto, { token: await token(KEY_B, u) }));
      try {
        const ok = await subscribed(a, ch, { token: await subToken(KEY_A) });
        assert.equal(ok.event, 'subscribed');
        const closed = waitEvent(b, 'disconnected', { label: 'B disconnected' });
        b.newSubscription(ch, { token: await subToken(KEY_A) }).subscribe();
        const ctx = await closed;
        assert.equal(ctx.code, 3500, 'a token of project A on a connection of project B');
      } finally {
        a.disconnect();
        b.disconnect();
      }
    });

    test(`${proto.name}: the public client key gives an anonymous read-only connection`, { skip: !CLIENT_KEY_A }, async () => {
      const ch = `public:feed-${rnd()}`;
      // JSON: the key in the connect data; Protobuf: the key as the URL's client_api_key parameter.
      const c = proto.binary
        ? await connected(client(proto, {}, `${WS}?client_api_key=${CLIENT_KEY_A}`))
        : await connected(client(proto, { data: { clientApiKey: CLIENT_KEY_A } }));
      try {
        const { sub, event } = await subscribed(c, ch);
        assert.equal(event, 'subscribed');
        const got = waitEvent(sub, 'publication', { label: 'publication' });
        await publish(KEY_A, ch, { n: 1 });
        assert.deepEqual(decodeData(proto, (await got).data), { n: 1 });
        await assert.rejects(sub.publish(proto.binary ? new TextEncoder().encode('{}') : {}), (e) => e.code === 103);
      } finally {
        c.disconnect();
      }
    });
  }
});
