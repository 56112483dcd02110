// Subscribe stream proxies (gRPC only): a subscription to namespace gstream (SubscribeUnidirectional)
// or gbidi (SubscribeBidirectional) becomes a stream to the backend. Its first message decides the
// subscription; later messages are publications for that one client; the backend ending the stream
// unsubscribes the client (2000), failing it makes the client resubscribe (2500); unsubscribing or
// disconnecting cancels the stream; client publications go up a bidirectional stream. The scenarios
// run against the server started with config-proxy.json (XS_PROXY_WS_URL, XS_PROXY_API_URL); this
// file serves the gRPC backend on XS_GRPC_PROXY_BACKEND_PORT (18096, as in the file).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import WebSocket from 'ws';
import {
  PROTOCOLS, user, channel, connToken, subToken, record, until, waitEvent, waitEither, rejects, within,
  encodeData, decodeData,
} from '../lib/helpers.mjs';

const WS_URL = process.env.XS_PROXY_WS_URL || '';
const API_URL = (process.env.XS_PROXY_API_URL || '').replace(/\/+$/, '');
const BACKEND_PORT = Number(process.env.XS_GRPC_PROXY_BACKEND_PORT || 18096);
const API_KEY = process.env.XS_API_KEY || 'conformance-api-key';

const protoDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'engine-grpc', 'src', 'main', 'proto');
const loadOptions = { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true };

const json = (buf) => (buf && buf.length ? JSON.parse(Buffer.from(buf).toString('utf8')) : null);
const bytes = (value) => Buffer.from(JSON.stringify(value));

/**
 * Every stream the backend saw, in order: { bidi, req, md, call, cancelled, ended, published }.
 * The first message depends on the channel: "deny" refuses, "kick" disconnects, "silent" never
 * answers, "nosub" sends a publication first; any other gets a result with data ("once": then one
 * publication and the end of the stream, at once).
 */
const streams = [];
const streamsOf = (ch) => streams.filter((s) => s.req.channel === ch);

function opened(s) {
  streams.push(s);
  s.call.on('cancelled', () => { s.cancelled = true; });
  const ch = s.req.channel;
  if (ch.includes(':silent')) return;
  if (ch.includes(':nosub')) {
    s.call.write({ publication: { data: bytes({ early: true }) } });
    return;
  }
  if (ch.includes(':deny')) {
    s.call.write({ subscribe_response: { error: { code: 403, message: 'stream refused' } } });
    return;
  }
  if (ch.includes(':kick')) {
    s.call.write({ subscribe_response: { disconnect: { code: 4503, reason: 'stream kick' } } });
    return;
  }
  s.call.write({ subscribe_response: { result: { data: bytes({ welcome: ch, got: json(s.req.data) }) } } });
  if (ch.includes(':once')) {
    // Everything at once, before the subscribe reply is even written.
    s.call.write({ publication: { data: bytes({ only: true }) } });
    s.call.end();
  }
}

let server;

function serveBackend() {
  const pkg = grpc.loadPackageDefinition(protoLoader.loadSync(path.join(protoDir, 'centrifugo_proxy.proto'), loadOptions));
  const service = pkg.centrifugal.centrifugo.proxy.CentrifugoProxy.service;
  const impl = {
    SubscribeUnidirectional: (call) => {
      opened({ bidi: false, req: call.request, md: call.metadata.getMap(), call, cancelled: false, published: [] });
    },
    SubscribeBidirectional: (call) => {
      let s = null;
      call.on('data', (m) => {
        if (!s) {
          s = { bidi: true, req: m.subscribe_request, md: call.metadata.getMap(), call, cancelled: false, published: [] };
          opened(s);
        } else if (m.publication) {
          s.published.push(json(m.publication.data));
        }
      });
      call.on('error', () => {});
    },
  };
  server = new grpc.Server();
  server.addService(service, impl);
  return new Promise((resolve, reject) => {
    server.bindAsync(`127.0.0.1:${BACKEND_PORT}`, grpc.ServerCredentials.createInsecure(), (err) => {
      if (err) reject(err); else resolve();
    });
  });
}

async function proxyApi(method, body) {
  const res = await fetch(`${API_URL}/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': API_KEY },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  assert.equal(res.status, 200, `API ${method}: HTTP ${res.status}`);
  const r = await res.json();
  assert.equal(r.error, undefined, `API ${method}: ${JSON.stringify(r.error)}`);
  return r.result;
}

function client(proto, clients, u) {
  const c = new proto.Centrifuge(WS_URL, {
    websocket: WebSocket, timeout: 4000, minReconnectDelay: 100, maxReconnectDelay: 1000,
    minResubscribeDelay: 100, maxResubscribeDelay: 500, token: connToken(u),
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

async function subscribed(c, ch, options = {}) {
  const sub = c.newSubscription(ch, options);
  const s = waitEither(sub, 'subscribed', 'unsubscribed', { label: `subscribe ${ch}` });
  sub.subscribe();
  const { event, ctx } = await s;
  assert.equal(event, 'subscribed', `unsubscribed: ${ctx.code} ${ctx.reason}`);
  return { sub, ctx };
}

describe('subscribe stream proxy', { skip: WS_URL ? false : 'XS_PROXY_WS_URL not set (no server with config-proxy.json)' }, () => {
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

      test('the first message decides; later ones reach only that client, without offsets', async (t) => {
        clients = [];
        t.after(cleanup);
        const ua = user();
        const a = client(proto, clients, ua);
        const b = client(proto, clients, user());
        const actx = await connected(a);
        await connected(b);
        const ch = channel('gstream');
        const { sub: sa, ctx } = await subscribed(a, ch, { data: encodeData(proto, { hello: 1 }) });
        assert.deepEqual(decodeData(proto, ctx.data), { welcome: ch, got: { hello: 1 } });
        assert.ok(!ctx.recoverable, 'a stream subscription is not recoverable');
        const { sub: sb } = await subscribed(b, ch);
        assert.equal(streamsOf(ch).length, 2, 'one stream per subscription');
        const [first, second] = streamsOf(ch);
        assert.equal(first.bidi, false);
        assert.equal(first.req.user, ua);
        assert.equal(first.req.client, actx.client);
        assert.equal(first.req.transport, 'websocket');
        assert.equal(first.req.protocol, proto.name);
        assert.equal(first.req.encoding, 'json');
        assert.equal(first.md['x-conformance-key'], 'grpc-secret');

        const pa = record(sa, 'publication');
        const pb = record(sb, 'publication');
        first.call.write({ publication: { data: bytes({ to: 'a', n: 1 }), tags: { kind: 'x' } } });
        first.call.write({ publication: { data: bytes({ to: 'a', n: 2 }) } });
        second.call.write({ publication: { data: bytes({ to: 'b' }) } });
        await until(() => pa.length === 2 && pb.length === 1, { label: 'stream publications delivered' });
        assert.deepEqual(pa.map((p) => decodeData(proto, p.data)), [{ to: 'a', n: 1 }, { to: 'a', n: 2 }]);
        assert.deepEqual(pb.map((p) => decodeData(proto, p.data)), [{ to: 'b' }]);
        assert.deepEqual(pa[0].tags, { kind: 'x' });
        assert.ok(!pa[0].offset, 'no offset: the publication is not in any stream history');

        // The subscription is otherwise an ordinary one: presence and server API publications.
        const presence = await proxyApi('presence', { channel: ch });
        assert.equal(Object.keys(presence.presence).length, 2);
        await proxyApi('publish', { channel: ch, data: { from: 'api' } });
        await until(() => pa.length === 3 && pb.length === 2, { label: 'API publication delivered to both' });
        assert.deepEqual(decodeData(proto, pb[1].data), { from: 'api' });
      });

      test('errors and disconnects in the first message; no first message in time, or a wrong one, is 100 (temporary)', async (t) => {
        clients = [];
        t.after(cleanup);
        const c = client(proto, clients, user());
        await connected(c);
        const denied = c.newSubscription(channel('gstream', 'deny'));
        const e = waitEvent(denied, 'unsubscribed', { label: 'refused subscription' });
        denied.subscribe();
        const dctx = await e;
        assert.equal(dctx.code, 403);
        assert.equal(dctx.reason, 'stream refused');

        // Error 100 is temporary: the client reports it and subscribes again, to a new stream.
        const silent = c.newSubscription(channel('gstream', 'silent'));
        const s = waitEvent(silent, 'error', { label: 'no first message in time' });
        silent.subscribe();
        assert.equal((await s).error.code, 100);
        await until(() => streams.some((x) => x.req.channel === silent.channel && x.cancelled),
          { label: 'the silent stream was cancelled' });
        silent.unsubscribe();

        const nosub = c.newSubscription(channel('gstream', 'nosub'));
        const n = waitEvent(nosub, 'error', { label: 'first message without subscribe_response' });
        nosub.subscribe();
        assert.equal((await n).error.code, 100);
        nosub.unsubscribe();

        const kick = c.newSubscription(channel('gstream', 'kick'));
        const d = waitEvent(c, 'disconnected', { label: 'disconnect in the first message' });
        kick.subscribe();
        const kctx = await d;
        assert.equal(kctx.code, 4503);
        assert.equal(kctx.reason, 'stream kick');
      });

      test('the backend ending the stream unsubscribes (2000); failing it resubscribes (2500)', async (t) => {
        clients = [];
        t.after(cleanup);
        const c = client(proto, clients, user());
        await connected(c);
        const ch = channel('gstream', 'end');
        const { sub } = await subscribed(c, ch);
        const pubs = record(sub, 'publication');
        const unsub = waitEvent(sub, 'unsubscribed', { label: 'unsubscribed by the stream end' });
        const [st] = streamsOf(ch);
        st.call.write({ publication: { data: bytes({ last: true }) } });
        st.call.end();
        const u = await unsub;
        assert.equal(u.code, 2000);
        assert.equal(u.reason, 'server unsubscribe');
        assert.deepEqual(pubs.map((p) => decodeData(proto, p.data)), [{ last: true }]);

        // A stream that ends right after its first message: the client still gets the subscribe
        // reply first, then the publication, then the unsubscribe.
        const once = c.newSubscription(channel('gstream', 'once'));
        const events = [];
        once.on('subscribed', () => events.push('subscribed'));
        once.on('publication', (p) => events.push(JSON.stringify(decodeData(proto, p.data))));
        const onceEnd = waitEvent(once, 'unsubscribed', { label: 'a stream ended at once' });
        once.subscribe();
        assert.equal((await onceEnd).code, 2000);
        assert.deepEqual(events, ['subscribed', '{"only":true}']);

        const ch2 = channel('gstream', 'fail');
        const { sub: sub2 } = await subscribed(c, ch2);
        const again = waitEvent(sub2, 'subscribing', { label: 'resubscribing after a failed stream' });
        streamsOf(ch2)[0].call.emit('error', { code: grpc.status.INTERNAL, details: 'backend trouble' });
        assert.equal((await again).code, 2500);
        await waitEvent(sub2, 'subscribed', { label: 'subscribed again' });
        assert.equal(streamsOf(ch2).length, 2, 'a new stream for the new subscription');
      });

      test('unsubscribing and disconnecting cancel the stream', async (t) => {
        clients = [];
        t.after(cleanup);
        const c = client(proto, clients, user());
        await connected(c);
        const ch1 = channel('gstream');
        const ch2 = channel('gstream');
        const { sub } = await subscribed(c, ch1);
        await subscribed(c, ch2);
        sub.unsubscribe();
        await until(() => streamsOf(ch1)[0].cancelled, { label: 'stream cancelled on unsubscribe' });
        assert.equal(streamsOf(ch2)[0].cancelled, false);
        c.disconnect();
        await until(() => streamsOf(ch2)[0].cancelled, { label: 'stream cancelled on disconnect' });
      });

      test('a subscription token skips the stream proxy', async (t) => {
        clients = [];
        t.after(cleanup);
        const u = user();
        const c = client(proto, clients, u);
        await connected(c);
        const ch = channel('gstream');
        const { sub } = await subscribed(c, ch, { token: subToken(u, ch) });
        const pubs = record(sub, 'publication');
        await proxyApi('publish', { channel: ch, data: { from: 'api' } });
        await until(() => pubs.length === 1, { label: 'API publication delivered' });
        assert.equal(streamsOf(ch).length, 0, 'no stream opened for a token subscription');
      });

      test('bidirectional: client publications go up the stream; a one-way stream refuses them (108)', async (t) => {
        clients = [];
        t.after(cleanup);
        const c = client(proto, clients, user());
        await connected(c);
        const ch = channel('gbidi');
        const { sub } = await subscribed(c, ch, { data: encodeData(proto, { two: 'way' }) });
        const [st] = streamsOf(ch);
        assert.equal(st.bidi, true);
        assert.deepEqual(json(st.req.data), { two: 'way' });
        const pubs = record(sub, 'publication');
        await within(sub.publish(encodeData(proto, { up: 1 })), { label: 'publish up the stream' });
        await until(() => st.published.length === 1, { label: 'the backend got the publication' });
        assert.deepEqual(st.published, [{ up: 1 }]);
        st.call.write({ publication: { data: bytes({ down: 1 }) } });
        await until(() => pubs.length === 1, { label: 'answer down the stream' });
        assert.deepEqual(decodeData(proto, pubs[0].data), { down: 1 });

        const one = channel('gstream');
        const { sub: oneWay } = await subscribed(c, one);
        const err = await rejects(oneWay.publish(encodeData(proto, { up: 1 })), { label: 'publish into a one-way stream' });
        assert.equal(err.code, 108);
      });
    });
  }
});
