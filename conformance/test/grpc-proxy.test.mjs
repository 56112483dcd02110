// Proxies over gRPC (Centrifugo's proxy.proto): RPC, subscribe, sub_refresh, publish, map publish
// and map remove calls
// reach a gRPC backend (@grpc/grpc-js serving engine-grpc's centrifugo_proxy.proto), with the
// proxy's per-RPC credentials and static metadata, binary_encoding as b64data, and the backend's
// results, errors, disconnects and failures reach the clients. The scenarios run against the
// server started with config-proxy.json (XS_PROXY_WS_URL); this file serves its gRPC backend on
// XS_GRPC_PROXY_BACKEND_PORT (18096, as in the file). Clients connect with a token, so the HTTP
// connect proxy of that file is not involved.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import WebSocket from 'ws';
import {
  PROTOCOLS, user, channel, connToken, nowSec, record, until, waitEvent, waitEither, rejects, within,
  encodeData, decodeData,
} from '../lib/helpers.mjs';

const WS_URL = process.env.XS_PROXY_WS_URL || '';
const BACKEND_PORT = Number(process.env.XS_GRPC_PROXY_BACKEND_PORT || 18096);

const protoDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'engine-grpc', 'src', 'main', 'proto');
const loadOptions = { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true };

/** What the backend received: { method, req, md } in arrival order. */
const seen = [];
const received = (method, pred = () => true) => seen.filter((s) => s.method === method && pred(s.req));

const json = (buf) => (buf && buf.length ? JSON.parse(Buffer.from(buf).toString('utf8')) : null);
const bytes = (value) => Buffer.from(JSON.stringify(value));

/** The backend's answers, by method, from the request. */
const handlers = {
  RPC: (req) => {
    if (req.method === 'grpc:fail') return { status: grpc.status.PERMISSION_DENIED };
    if (req.method === 'grpc:error') return { error: { code: 1403, message: 'rpc refused', temporary: false } };
    if (req.method === 'gbin:convert') {
      const decoded = JSON.parse(Buffer.from(req.b64data, 'base64').toString('utf8'));
      return { result: { b64data: bytes({ decoded }).toString('base64') } };
    }
    return { result: { data: bytes({ user: req.user, method: req.method, echo: json(req.data) }) } };
  },
  Subscribe: (req) => {
    if (req.channel.includes('deny')) return { error: { code: 403, message: 'forbidden here' } };
    if (req.channel.includes('kick')) return { disconnect: { code: 4502, reason: 'kicked' } };
    if (req.channel.startsWith('gsubref:')) return { result: { expire_at: nowSec() + 2 } };
    return { result: { info: bytes({ room: req.channel }), data: bytes({ welcome: req.channel, got: json(req.data) }) } };
  },
  SubRefresh: () => ({ result: { expired: true } }),
  Publish: (req) => {
    const d = json(req.data);
    if (d && d.deny) return { error: { code: 1001, message: 'denied' } };
    return { result: { data: bytes({ ...d, checked: true }) } };
  },
  MapPublish: (req) => {
    const d = json(req.data);
    if (req.key === 'deny') return { error: { code: 4403, message: 'not yours' } };
    if (d && d.rename) return { result: { key: d.rename, data: bytes({ ...d, by: 'grpc' }), tags: { src: 'grpc' } } };
    return { result: {} };
  },
  MapRemove: (req) => (req.key === 'keep'
    ? { disconnect: { code: 4505, reason: 'map remove kick' } }
    : { result: req.key === 'alias' ? { key: 'gk' } : {} }),
};

let server;

function serveBackend() {
  const pkg = grpc.loadPackageDefinition(protoLoader.loadSync(path.join(protoDir, 'centrifugo_proxy.proto'), loadOptions));
  const service = pkg.centrifugal.centrifugo.proxy.CentrifugoProxy.service;
  const impl = {};
  for (const method of Object.keys(handlers)) {
    impl[method] = (call, callback) => {
      seen.push({ method, req: call.request, md: call.metadata.getMap() });
      const a = handlers[method](call.request);
      if (a.status) callback({ code: a.status, details: 'backend says no' });
      else callback(null, a);
    };
  }
  server = new grpc.Server();
  server.addService(service, impl);
  return new Promise((resolve, reject) => {
    server.bindAsync(`127.0.0.1:${BACKEND_PORT}`, grpc.ServerCredentials.createInsecure(), (err) => {
      if (err) reject(err); else resolve();
    });
  });
}

function client(proto, clients, u, options = {}) {
  const c = new proto.Centrifuge(WS_URL, {
    websocket: WebSocket, timeout: 4000, minReconnectDelay: 100, maxReconnectDelay: 1000,
    token: connToken(u, { meta: { tier: 'gold' } }), ...options,
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

describe('grpc proxy', { skip: WS_URL ? false : 'XS_PROXY_WS_URL not set (no server with config-proxy.json)' }, () => {
  before(serveBackend);
  after(() => server.forceShutdown());

  for (const proto of PROTOCOLS) {
    describe(proto.name, () => {
      let clients;
      const cleanup = () => {
        for (const c of clients) {
          c.disconnect();
          c.removeAllListeners();
        }
      };

      test('rpc over gRPC: request fields, credentials and static metadata, the result', async (t) => {
        clients = [];
        t.after(cleanup);
        const u = user();
        const c = client(proto, clients, u);
        const ctx = await connected(c);
        const r = await within(c.rpc('grpc:echo', encodeData(proto, { q: 1 })), { label: 'rpc' });
        assert.deepEqual(decodeData(proto, r.data), { user: u, method: 'grpc:echo', echo: { q: 1 } });
        const [s] = received('RPC', (q) => q.method === 'grpc:echo' && q.user === u);
        assert.ok(s, 'the backend saw the rpc');
        assert.equal(s.req.client, ctx.client);
        assert.equal(s.req.transport, 'websocket');
        assert.equal(s.req.protocol, proto.name);
        assert.equal(s.req.encoding, 'json');
        assert.equal(s.req.b64data, '');
        assert.equal(s.md['x-conformance-key'], 'grpc-secret');
        assert.equal(s.md['x-static-md'], 'static');
      });

      test('rpc over gRPC: binary_encoding sends and answers b64data', async (t) => {
        clients = [];
        t.after(cleanup);
        const c = client(proto, clients, user());
        const ctx = await connected(c);
        const r = await within(c.rpc('gbin:convert', encodeData(proto, { x: [1, 2] })), { label: 'binary rpc' });
        assert.deepEqual(decodeData(proto, r.data), { decoded: { x: [1, 2] } });
        const [s] = received('RPC', (q) => q.method === 'gbin:convert' && q.client === ctx.client);
        assert.ok(s, 'the backend saw the binary rpc');
        assert.equal(s.req.encoding, 'binary');
        assert.equal(s.req.data.length, 0);
      });

      test('rpc over gRPC: backend errors pass through, gRPC failures and unreachable backends are 100', async (t) => {
        clients = [];
        t.after(cleanup);
        const c = client(proto, clients, user());
        await connected(c);
        const err = await rejects(c.rpc('grpc:error', encodeData(proto, {})), { label: 'backend error' });
        assert.equal(err.code, 1403);
        assert.equal(err.message, 'rpc refused');
        const fail = await rejects(c.rpc('grpc:fail', encodeData(proto, {})), { label: 'gRPC status' });
        assert.equal(fail.code, 100);
        const down = await rejects(c.rpc('gdown:x', encodeData(proto, {})), { label: 'unreachable backend' });
        assert.equal(down.code, 100);
      });

      test('subscribe over gRPC: result data, errors and disconnects, connection meta', async (t) => {
        clients = [];
        t.after(cleanup);
        const u = user();
        const c = client(proto, clients, u);
        await connected(c);
        const ch = channel('gsub');
        const sub = c.newSubscription(ch, { data: encodeData(proto, { hello: 1 }) });
        const s = waitEvent(sub, 'subscribed', { label: 'subscribed through the gRPC proxy' });
        sub.subscribe();
        const ctx = await s;
        assert.deepEqual(decodeData(proto, ctx.data), { welcome: ch, got: { hello: 1 } });
        const [seenSub] = received('Subscribe', (q) => q.channel === ch);
        assert.equal(seenSub.req.user, u);
        assert.deepEqual(json(seenSub.req.meta), { tier: 'gold' });

        const denied = c.newSubscription(channel('gsub', 'deny'));
        const e = waitEvent(denied, 'unsubscribed', { label: 'denied subscription' });
        denied.subscribe();
        const dctx = await e;
        assert.equal(dctx.code, 403);
        assert.equal(dctx.reason, 'forbidden here');

        const kick = c.newSubscription(channel('gsub', 'kick'));
        const d = waitEvent(c, 'disconnected', { label: 'disconnect from the subscribe proxy' });
        kick.subscribe();
        const kctx = await d;
        assert.equal(kctx.code, 4502);
        assert.equal(kctx.reason, 'kicked');
      });

      test('sub_refresh over gRPC ends an expired subscription (2501)', async (t) => {
        clients = [];
        t.after(cleanup);
        const c = client(proto, clients, user());
        await connected(c);
        const ch = channel('gsubref');
        const sub = c.newSubscription(ch);
        const s = waitEvent(sub, 'subscribed');
        sub.subscribe();
        await s;
        const again = await waitEvent(sub, 'subscribing', { timeout: 8000, label: 'expired subscription ended' });
        assert.ok(received('SubRefresh', (r) => r.channel === ch).length > 0, 'sub_refresh proxy called');
        assert.equal(again.code, 2501);
      });

      test('publish over gRPC: the backend rewrites the data or refuses', async (t) => {
        clients = [];
        t.after(cleanup);
        const c = client(proto, clients, user());
        await connected(c);
        const ch = channel('gpub');
        const sub = c.newSubscription(ch);
        const s = waitEvent(sub, 'subscribed');
        sub.subscribe();
        await s;
        const pub = waitEvent(sub, 'publication', { label: 'rewritten publication' });
        await within(sub.publish(encodeData(proto, { n: 1 })), { label: 'publish' });
        assert.deepEqual(decodeData(proto, (await pub).data), { n: 1, checked: true });
        const err = await rejects(sub.publish(encodeData(proto, { deny: true })), { label: 'denied publish' });
        assert.equal(err.code, 1001);
        assert.equal(err.message, 'denied');
        await until(() => received('Publish', (q) => q.channel === ch).length === 2, { label: 'both publishes seen' });
      });

      test('map publish and map remove over gRPC: the backend decides the key and data, or refuses', async (t) => {
        clients = [];
        t.after(cleanup);
        const u = user();
        const c = client(proto, clients, u);
        const cctx = await connected(c);
        const ch = channel('gmap');
        const sub = c.newMapSubscription(ch);
        const synced = waitEvent(sub, 'sync', { label: 'map sync' });
        sub.subscribe();
        await synced;
        // The reply to an applied write differs (proxy.test.mjs, M1): only its effects are asserted.
        const settle = (p) => within(p.then(() => null, (e) => e), { label: 'map write' });
        const upd = waitEvent(sub, 'update', { filter: (x) => x.key === 'gk' && !x.removed, label: 'renamed key' });
        await settle(sub.publish('k1', encodeData(proto, { v: 1, rename: 'gk' })));
        assert.deepEqual(decodeData(proto, (await upd).data), { v: 1, rename: 'gk', by: 'grpc' });
        const [{ req }] = received('MapPublish', (q) => q.channel === ch);
        assert.equal(req.key, 'k1');
        assert.equal(req.user, u);
        assert.equal(req.client, cctx.client);
        assert.equal(req.encoding, 'json');
        assert.deepEqual(json(req.data), { v: 1, rename: 'gk' });

        const gone = waitEvent(sub, 'update', { filter: (x) => x.key === 'gk' && x.removed, label: 'removal' });
        await settle(sub.remove('alias'));
        await gone;
        const [{ req: rem }] = received('MapRemove', (q) => q.channel === ch);
        assert.equal(rem.key, 'alias');
        assert.deepEqual(json(rem.meta), { tier: 'gold' });

        const err = await rejects(sub.publish('deny', encodeData(proto, { v: 2 })), { label: 'denied map publish' });
        assert.equal(err.code, 4403);
        assert.equal(err.message, 'not yours');
        const d = waitEvent(c, 'disconnected', { label: 'disconnect from the map remove proxy' });
        sub.remove('keep').catch(() => {});
        const dctx = await d;
        assert.equal(dctx.code, 4505);
        assert.equal(dctx.reason, 'map remove kick');
      });
    });
  }
});
