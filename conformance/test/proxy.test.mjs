// HTTP proxies: connect, refresh, subscribe, publish, sub_refresh, RPC, map publish and map
// remove calls reach a backend,
// and its answers (results, errors, disconnects, failures) reach the clients. The scenarios run
// against a second server started with config-proxy.json (XS_PROXY_WS_URL / XS_PROXY_API_URL);
// this file serves that server's backend on XS_PROXY_BACKEND_PORT (18097, as in the file).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import {
  PROTOCOLS, API_KEY, user, channel, jwt, nowSec, record, until, waitEvent, waitEither, rejects, within,
  encodeData, decodeData,
} from '../lib/helpers.mjs';

const WS_URL = process.env.XS_PROXY_WS_URL || '';
const API_URL = (process.env.XS_PROXY_API_URL || '').replace(/\/+$/, '');
const BACKEND_PORT = Number(process.env.XS_PROXY_BACKEND_PORT || 18097);
const TLS_BACKEND_PORT = Number(process.env.XS_PROXY_TLS_BACKEND_PORT || 18095);
const tlsFile = (name) => readFileSync(new URL(`../keys/proxy-tls/${name}`, import.meta.url));

/** client.concurrency scenario: releases of held `slowpoke` RPC calls, by token. */
const quickAnswered = new Map();

/** What the backend received, by path. */
const seen = new Map();
const received = (path, pred = () => true) => (seen.get(path) || []).filter(pred);

/** The backend: each path answers from the request body. */
const routes = {
  '/connect': (req) => {
    const d = req.data || {};
    switch (d.mode) {
      case 'disconnect': return { disconnect: { code: 4501, reason: 'go away' } };
      case 'error': return { error: { code: 4000, message: 'not you' } };
      case 'fail': return { status: 500 };
      case 'status403': return { status: 403 };
      case 'status429': return { status: 429 };
      case 'slow': return { delay: 1500, body: {} };
      case 'garbage': return { raw: '{"result": ' };
      case 'short': return { result: { user: d.user, expire_at: nowSec() + 2 } };
      default: return {
        result: {
          user: d.user, expire_at: nowSec() + 3600, info: { name: d.user },
          data: { greeting: `hello ${d.user}` }, channels: d.channel ? [d.channel] : [], meta: { tier: 'gold' },
        },
      };
    }
  },
  '/refresh': () => ({ result: { expire_at: nowSec() + 3600 } }),
  '/subscribe': (req) => {
    if (req.channel.includes('deny')) return { error: { code: 403, message: 'forbidden here' } };
    if (req.channel.includes('kick')) return { disconnect: { code: 4502, reason: 'kicked' } };
    if (req.channel.startsWith('psubref:')) return { result: { expire_at: nowSec() + 2 } };
    if (req.channel.includes('stf')) {
      return { result: { server_tags_filter: { key: 'kind', cmp: 'eq', val: 'wanted' } } };
    }
    return { result: { info: { room: req.channel }, data: { welcome: req.channel, got: req.data ?? null } } };
  },
  '/sub_refresh': () => ({ result: { expired: true } }),
  '/named/publish': (req) => (req.data && req.data.deny
    ? { error: { code: 1001, message: 'denied' } }
    : { result: { data: { ...req.data, checked: true, tier: req.meta ? req.meta.tier : null } } }),
  '/map/publish': (req) => {
    if (req.key === 'deny') return { error: { code: 4403, message: 'not yours' } };
    if (req.key === 'kick') return { disconnect: { code: 4504, reason: 'map kick' } };
    if (req.data && req.data.rename) {
      return { result: { key: req.data.rename, data: { ...req.data, by: 'proxy' }, tags: { src: 'proxy' } } };
    }
    return { result: {} };
  },
  '/map/remove': (req) => {
    if (req.key === 'keep') return { error: { code: 4404, message: 'kept' } };
    return { result: req.key === 'alias' ? { key: req.meta && req.meta.tier === 'gold' ? 'renamed' : 'nope' } : {} };
  },
  '/rpc': (req) => {
    const answer = { result: { data: { user: req.user ?? '', method: req.method, echo: req.data ?? null } } };
    const token = req.data?.token;
    if (req.method === 'slowpoke') {
      // Held until the quick call with the same token was answered (or 800 ms, under the 1 s timeout).
      return { wait: new Promise((resolve) => { quickAnswered.set(token, resolve); setTimeout(resolve, 800); }),
        body: answer };
    }
    if (req.method === 'quick' && quickAnswered.has(token)) {
      const release = quickAnswered.get(token);
      quickAnswered.delete(token);
      return { after: () => setTimeout(release, 50), body: answer };
    }
    return answer;
  },
  '/binary/rpc': (req) => ({
    result: { b64data: Buffer.from(JSON.stringify({ decoded: JSON.parse(Buffer.from(req.b64data, 'base64')) })).toString('base64') },
  }),
};

let server;
let tlsServer;

/**
 * The HTTPS backend of the `tls` RPC namespaces (http.tls): it requires a client certificate
 * signed by the one CA it knows and answers with the name in the certificate it got.
 */
function serveTlsBackend() {
  tlsServer = https.createServer({
    key: tlsFile('backend-key.pem'), cert: tlsFile('backend-cert.pem'),
    ca: [tlsFile('client-cert.pem')], requestCert: true, rejectUnauthorized: true,
  }, (req, res) => {
    req.resume();
    req.on('end', () => {
      const peer = req.socket.getPeerCertificate();
      res.writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ result: { data: { tls: true, client: peer?.subject?.CN ?? null } } }));
    });
  });
  return new Promise((resolve, reject) => {
    tlsServer.once('error', reject);
    tlsServer.listen(TLS_BACKEND_PORT, '127.0.0.1', resolve);
  });
}

function serveBackend() {
  server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      if (!seen.has(req.url)) seen.set(req.url, []);
      seen.get(req.url).push({ ...body, headers: req.headers });
      const route = routes[req.url];
      const a = route ? route(body) : { status: 404 };
      const send = () => {
        if (a.status) {
          res.writeHead(a.status).end();
        } else {
          res.writeHead(200, { 'Content-Type': 'application/json' })
            .end(a.raw ?? JSON.stringify(a.body ?? a));
        }
      };
      if (a.wait) {
        a.wait.then(send);
      } else if (a.delay) {
        setTimeout(send, a.delay);
      } else {
        send();
        a.after?.();
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(BACKEND_PORT, '127.0.0.1', resolve);
  });
}

async function apiPublish(ch, data, tags = undefined) {
  const res = await fetch(`${API_URL}/publish`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': API_KEY },
    body: JSON.stringify({ channel: ch, data, tags }),
    signal: AbortSignal.timeout(5000),
  });
  assert.equal(res.status, 200);
  const json = await res.json();
  assert.equal(json.error, undefined, JSON.stringify(json));
}

function client(proto, clients, options = {}) {
  const c = new proto.Centrifuge(WS_URL, {
    websocket: WebSocket, timeout: 4000, minReconnectDelay: 100, maxReconnectDelay: 1000, ...options,
  });
  c.errors = record(c, 'error');
  clients.push(c);
  return c;
}

async function connected(c) {
  const p = waitEither(c, 'connected', 'disconnected', { label: 'connect outcome' });
  c.connect();
  const { event, ctx } = await p;
  assert.equal(event, 'connected', `disconnected: ${ctx.code} ${ctx.reason}`);
  return ctx;
}

describe('proxy', { skip: WS_URL ? false : 'XS_PROXY_WS_URL not set (no server with config-proxy.json)' }, () => {
  before(serveBackend);
  before(serveTlsBackend);
  after(() => new Promise((resolve) => server.close(resolve)));
  after(() => new Promise((resolve) => tlsServer.close(resolve)));

  for (const proto of PROTOCOLS) {
    describe(proto.name, () => {
      let clients;
      const cleanup = () => {
        for (const c of clients) {
          c.disconnect();
          c.removeAllListeners();
        }
      };

      test('connect proxy: the backend names the user, info, data, meta and server-side channels', async (t) => {
        clients = [];
        t.after(cleanup);
        const u = user();
        const ch = channel('pnews');
        const c = client(proto, clients, { data: encodeData(proto, { mode: 'ok', user: u, channel: ch }) });
        const subscribed = waitEvent(c, 'subscribed', { filter: (ctx) => ctx.channel === ch, label: 'server-side sub' });
        const ctx = await connected(c);
        assert.deepEqual(decodeData(proto, ctx.data), { greeting: `hello ${u}` });
        await subscribed;
        const [req] = received('/connect', (r) => r.client === ctx.client);
        assert.ok(req, 'the backend saw the connect');
        assert.equal(req.transport, 'websocket');
        assert.equal(req.protocol, proto.name);
        assert.equal(req.encoding, 'json');
        assert.deepEqual(req.data, { mode: 'ok', user: u, channel: ch });
        assert.equal(req.user, undefined, 'no user before the backend names one');

        const pub = waitEvent(c, 'publication', { filter: (p) => p.channel === ch });
        await apiPublish(ch, { n: 1 });
        assert.deepEqual(decodeData(proto, (await pub).data), { n: 1 });

        const r = await within(c.rpc('whoami', encodeData(proto, { q: 1 })), { label: 'rpc' });
        assert.deepEqual(decodeData(proto, r.data), { user: u, method: 'whoami', echo: { q: 1 } });
      });

      test('connect proxy: errors, disconnects, mapped statuses and failures reach the client', async (t) => {
        clients = [];
        t.after(cleanup);
        const dis = client(proto, clients, { data: encodeData(proto, { mode: 'disconnect' }) });
        let p = waitEvent(dis, 'disconnected', { label: 'disconnect from the backend' });
        dis.connect();
        let ctx = await p;
        assert.equal(ctx.code, 4501);
        assert.equal(ctx.reason, 'go away');

        const err = client(proto, clients, { data: encodeData(proto, { mode: 'error' }) });
        p = waitEvent(err, 'disconnected', { label: 'non-temporary error from the backend' });
        err.connect();
        ctx = await p;
        assert.equal(ctx.code, 4000);
        assert.equal(ctx.reason, 'not you');

        // http.status_to_code_transforms turn statuses into a disconnect or an error.
        const s403 = client(proto, clients, { data: encodeData(proto, { mode: 'status403' }) });
        p = waitEvent(s403, 'disconnected', { label: '403 mapped to a disconnect' });
        s403.connect();
        ctx = await p;
        assert.equal(ctx.code, 4503);
        assert.equal(ctx.reason, 'forbidden by status');
        const s429 = client(proto, clients, { data: encodeData(proto, { mode: 'status429' }) });
        p = waitEvent(s429, 'disconnected', { label: '429 mapped to an error' });
        s429.connect();
        ctx = await p;
        assert.equal(ctx.code, 4429);
        assert.equal(ctx.reason, 'slow down');

        for (const mode of ['fail', 'slow', 'garbage']) {
          const c = client(proto, clients, { data: encodeData(proto, { mode }) });
          const e = waitEvent(c, 'error', { label: `${mode}: internal error`, timeout: 5000 });
          c.connect();
          const ectx = await e;
          assert.equal(ectx.type, 'connect');
          assert.equal(ectx.error.code, 100, `${mode}: ${JSON.stringify(ectx.error)}`);
          c.disconnect();
        }
      });

      test('connect proxy: static, transport and emulated headers are forwarded as configured', async (t) => {
        clients = [];
        t.after(cleanup);
        const u = user();
        // A WebSocket that sends one extra request header, as a reverse proxy in front would.
        class HeaderWebSocket extends WebSocket {
          constructor(url, protocols) {
            super(url, protocols, { headers: { 'X-Conformance': `hdr-${u}`, 'X-Not-Listed': 'no' } });
          }
        }
        const c = client(proto, clients, {
          websocket: HeaderWebSocket, data: encodeData(proto, { mode: 'ok', user: u }),
          headers: { 'X-Emulated': `emu-${u}`, 'X-Other': 'no' },
        });
        const ctx = await connected(c);
        const [req] = received('/connect', (r) => r.client === ctx.client);
        assert.equal(req.headers['x-conformance'], `hdr-${u}`);
        assert.equal(req.headers['x-emulated'], `emu-${u}`);
        assert.equal(req.headers['x-static-header'], 'static');
        assert.equal(req.headers['x-not-listed'], undefined);
        assert.equal(req.headers['x-other'], undefined);
        assert.equal(req.headers['content-type'], 'application/json');
      });

      test('a connection token skips the connect proxy', async (t) => {
        clients = [];
        t.after(cleanup);
        const u = user();
        const before = received('/connect').length;
        const c = client(proto, clients, { token: jwt({ sub: u, exp: nowSec() + 3600 }) });
        await connected(c);
        assert.equal(received('/connect').length, before);
        const r = await within(c.rpc('whoami', encodeData(proto, {})), { label: 'rpc' });
        assert.equal(decodeData(proto, r.data).user, u);
      });

      test('subscribe proxy: results, errors and disconnects', async (t) => {
        clients = [];
        t.after(cleanup);
        const u = user();
        const c = client(proto, clients, { data: encodeData(proto, { mode: 'ok', user: u }) });
        const cctx = await connected(c);
        const ok = channel('psub');
        const sub = c.newSubscription(ok, { data: encodeData(proto, { want: 'in' }) });
        const subscribed = waitEither(sub, 'subscribed', 'unsubscribed', { label: 'proxied subscribe' });
        sub.subscribe();
        const { event, ctx } = await subscribed;
        assert.equal(event, 'subscribed', JSON.stringify(ctx));
        assert.deepEqual(decodeData(proto, ctx.data), { welcome: ok, got: { want: 'in' } });
        const [req] = received('/subscribe', (r) => r.channel === ok);
        assert.equal(req.client, cctx.client);
        assert.equal(req.user, u);

        const denied = c.newSubscription(channel('psub', 'deny'));
        const un = waitEvent(denied, 'unsubscribed', { label: 'denied subscribe' });
        denied.subscribe();
        const uctx = await un;
        assert.equal(uctx.code, 403);
        assert.equal(uctx.reason, 'forbidden here');

        const kicked = c.newSubscription(channel('psub', 'kick'));
        const d = waitEvent(c, 'disconnected', { label: 'disconnect from the subscribe proxy' });
        kicked.subscribe();
        const dctx = await d;
        assert.equal(dctx.code, 4502);
        assert.equal(dctx.reason, 'kicked');
      });

      test('subscribe proxy: a server_tags_filter in the result is not applied (as in Centrifugo v6.9.1)', async (t) => {
        clients = [];
        t.after(cleanup);
        const c = client(proto, clients, { data: encodeData(proto, { mode: 'ok', user: user() }) });
        await connected(c);
        const ch = channel('psub', 'stf');
        const sub = c.newSubscription(ch);
        const s = waitEither(sub, 'subscribed', 'unsubscribed', { label: 'subscribe with a server tags filter' });
        sub.subscribe();
        const { event, ctx } = await s;
        assert.equal(event, 'subscribed', JSON.stringify(ctx));
        const pubs = record(sub, 'publication');
        await apiPublish(ch, { n: 1 }, { kind: 'other' });
        await apiPublish(ch, { n: 2 }, { kind: 'wanted' });
        await until(() => pubs.length === 2, { label: 'both publications delivered' });
        assert.deepEqual(pubs.map((p) => decodeData(proto, p.data).n), [1, 2]);
      });

      test('publish proxy: the named proxy checks and rewrites publications, with connection meta', async (t) => {
        clients = [];
        t.after(cleanup);
        const c = client(proto, clients, { data: encodeData(proto, { mode: 'ok', user: user() }) });
        await connected(c);
        const ch = channel('ppub');
        const sub = c.newSubscription(ch);
        const s = waitEvent(sub, 'subscribed');
        sub.subscribe();
        await s;
        const pub = waitEvent(sub, 'publication');
        await within(sub.publish(encodeData(proto, { text: 'hi' })), { label: 'publish' });
        assert.deepEqual(decodeData(proto, (await pub).data), { text: 'hi', checked: true, tier: 'gold' });
        const e = await rejects(sub.publish(encodeData(proto, { deny: true })), { label: 'denied publish' });
        assert.equal(e.code, 1001);
        assert.equal(e.message, 'denied');
      });

      test('map proxies: the backend sees each map write and its result decides key, data and tags', async (t) => {
        clients = [];
        t.after(cleanup);
        const u = user();
        const c = client(proto, clients, { data: encodeData(proto, { mode: 'ok', user: u }) });
        const cctx = await connected(c);
        const ch = channel('pmap');
        const sub = c.newMapSubscription(ch);
        const synced = waitEvent(sub, 'sync', { label: 'map sync' });
        sub.subscribe();
        await synced;

        // What the client is answered for an applied write differs (see the next scenario):
        // here only what reaches the backend, the state and the subscribers is asserted.
        const settle = (p) => within(p.then(() => null, (e) => e), { label: 'map write' });
        const renamed = waitEvent(sub, 'update', { filter: (x) => x.key === 'renamed' && !x.removed, label: 'renamed key' });
        await settle(sub.publish('k1', encodeData(proto, { v: 1, rename: 'renamed' })));
        const upd = await renamed;
        assert.deepEqual(decodeData(proto, upd.data), { v: 1, rename: 'renamed', by: 'proxy' });
        const [req] = received('/map/publish', (r) => r.channel === ch);
        assert.equal(req.key, 'k1');
        assert.equal(req.user, u);
        assert.equal(req.client, cctx.client);
        assert.equal(req.transport, 'websocket');
        assert.equal(req.protocol, proto.name);
        assert.equal(req.encoding, 'json');
        assert.deepEqual(req.data, { v: 1, rename: 'renamed' });
        assert.equal(req.meta, undefined, 'the default map_publish proxy does not include meta');

        const plain = waitEvent(sub, 'update', { filter: (x) => x.key === 'k2', label: 'plain key' });
        await settle(sub.publish('k2', encodeData(proto, { v: 2 })));
        assert.deepEqual(decodeData(proto, (await plain).data), { v: 2 });

        // The named remove proxy includes the connection meta; its result names the key to remove.
        const gone = waitEvent(sub, 'update', { filter: (x) => x.key === 'renamed' && x.removed, label: 'removal' });
        await settle(sub.remove('alias'));
        await gone;
        const [rem] = received('/map/remove', (r) => r.channel === ch);
        assert.equal(rem.key, 'alias');
        assert.deepEqual(rem.meta, { tier: 'gold' });

        const state = await fetch(`${API_URL}/map_read_state`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-API-Key': API_KEY },
          body: JSON.stringify({ channel: ch, limit: -1 }),
          signal: AbortSignal.timeout(5000),
        }).then((r) => r.json());
        assert.deepEqual(state.result.entries.map((e) => [e.key, e.data]), [['k2', { v: 2 }]]);

        const denied = await rejects(sub.publish('deny', encodeData(proto, { v: 3 })), { label: 'denied map publish' });
        assert.equal(denied.code, 4403);
        assert.equal(denied.message, 'not yours');
        const kept = await rejects(sub.remove('keep'), { label: 'denied map remove' });
        assert.equal(kept.code, 4404);
        assert.equal(kept.message, 'kept');
        const d = waitEvent(c, 'disconnected', { label: 'disconnect from the map publish proxy' });
        sub.publish('kick', encodeData(proto, { v: 4 })).catch(() => {});
        const dctx = await d;
        assert.equal(dctx.code, 4504);
        assert.equal(dctx.reason, 'map kick');
      });

      test('map proxies: a write the backend accepts is answered with success', async (t) => {
        // Difference M1 (docs/conformance.md): Centrifugo v6.9.1 applies the write but answers 107.
        clients = [];
        t.after(cleanup);
        const c = client(proto, clients, { data: encodeData(proto, { mode: 'ok', user: user() }) });
        await connected(c);
        const sub = c.newMapSubscription(channel('pmap'));
        const synced = waitEvent(sub, 'sync', { label: 'map sync' });
        sub.subscribe();
        await synced;
        await within(sub.publish('k', encodeData(proto, { v: 1 })), { label: 'proxied map publish' });
        await within(sub.remove('k'), { label: 'proxied map remove' });
      });

      test('rpc proxy: namespaces route calls, binary_encoding sends b64data', async (t) => {
        clients = [];
        t.after(cleanup);
        const c = client(proto, clients, { data: encodeData(proto, { mode: 'ok', user: user() }) });
        await connected(c);
        const r = await within(c.rpc('bin:convert', encodeData(proto, { x: [1, 2] })), { label: 'binary rpc' });
        assert.deepEqual(decodeData(proto, r.data), { decoded: { x: [1, 2] } });
        const [req] = received('/binary/rpc', (q) => q.method === 'bin:convert');
        assert.equal(req.encoding, 'binary');
        assert.equal(req.data, undefined);
        const off = await rejects(c.rpc('off:x', encodeData(proto, {})), { label: 'rpc namespace without proxy' });
        assert.equal(off.code, 108);
        const missing = await rejects(c.rpc('nope:x', encodeData(proto, {})), { label: 'unknown rpc namespace' });
        assert.equal(missing.code, 104);
      });

      test('client.concurrency: a slow proxied call does not hold back the next one', async (t) => {
        clients = [];
        t.after(cleanup);
        const c = client(proto, clients, { data: encodeData(proto, { mode: 'ok', user: user() }) });
        await connected(c);
        const token = `${Date.now()}-${Math.random()}`;
        const order = [];
        const slow = c.rpc('slowpoke', encodeData(proto, { token })).then(() => order.push('slowpoke'));
        const quick = c.rpc('quick', encodeData(proto, { token })).then(() => order.push('quick'));
        await within(Promise.all([slow, quick]), { label: 'both calls answered' });
        assert.deepEqual(order, ['quick', 'slowpoke']);
      });

      test('http.tls: a private CA and a client certificate reach an HTTPS backend', async (t) => {
        clients = [];
        t.after(cleanup);
        const c = client(proto, clients, { data: encodeData(proto, { mode: 'ok', user: user() }) });
        await connected(c);
        const r = await within(c.rpc('tls:hello', encodeData(proto, {})), { label: 'rpc over https' });
        assert.deepEqual(decodeData(proto, r.data), { tls: true, client: 'xshathra-proxy-client' });
        const e = await rejects(c.rpc('tlsnocert:hello', encodeData(proto, {})), { label: 'no client certificate' });
        assert.equal(e.code, 100);
      });

      test('refresh proxy extends a connection before it expires', async (t) => {
        clients = [];
        t.after(cleanup);
        const u = user();
        const c = client(proto, clients, { data: encodeData(proto, { mode: 'short', user: u }) });
        const disconnects = record(c, 'disconnected');
        await connected(c);
        await until(() => received('/refresh', (r) => r.user === u).length > 0,
          { timeout: 6000, label: 'refresh proxy called' });
        const r = await within(c.rpc('whoami', encodeData(proto, {})), { label: 'rpc after refresh' });
        assert.equal(decodeData(proto, r.data).user, u);
        assert.equal(disconnects.length, 0);
      });

      test('sub_refresh proxy ends an expired subscription (2501)', async (t) => {
        clients = [];
        t.after(cleanup);
        const c = client(proto, clients, { data: encodeData(proto, { mode: 'ok', user: user() }) });
        await connected(c);
        const ch = channel('psubref');
        const sub = c.newSubscription(ch);
        const s = waitEvent(sub, 'subscribed');
        sub.subscribe();
        await s;
        // Code 2501 (expired) makes the SDK subscribe again rather than give up.
        const again = await waitEvent(sub, 'subscribing', { timeout: 8000, label: 'expired subscription ended' });
        assert.ok(received('/sub_refresh', (r) => r.channel === ch).length > 0, 'sub_refresh proxy called');
        assert.equal(again.code, 2501);
      });
    });
  }
});
