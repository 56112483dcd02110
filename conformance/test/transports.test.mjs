// Transports other than the bidirectional WebSocket: centrifuge-js forced onto HTTP-streaming
// and SSE (bidirectional emulation through the emulation endpoint), and plain clients on the
// unidirectional transports (an EventSource on uni_sse, a plain WebSocket on uni_websocket,
// fetch on uni_http_stream). The server must enable them (see conformance/config.json).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { EventSource } from 'eventsource';
import {
  PROTOCOLS, WS_URL, Pool, user, channel, connToken, apiOk, waitEvent, waitEither, record, until,
  decodeData, encodeData, within, WAIT_MS,
} from '../lib/helpers.mjs';

/** Where the engine's endpoints live: the WebSocket URL without its last two path segments. */
const BASE = WS_URL.replace(/^ws/, 'http').replace(/\/connection\/websocket\/?$/, '');
/** Where commands of emulated connections go: another node's endpoint tests routing between nodes. */
const EMULATION = process.env.XS_EMULATION_URL || `${BASE}/emulation`;

/** Bidirectional emulation transports and the client builds that can use them. */
const EMULATED = [
  { transport: 'http_stream', protos: PROTOCOLS },
  { transport: 'sse', protos: PROTOCOLS.filter((p) => p.name === 'json') },
];

/** A client that may only use `transport`. */
function makeEmulated(pool, transport, options = {}) {
  const c = new pool.proto.Centrifuge([{ transport, endpoint: `${BASE}/connection/${transport}` }], {
    websocket: WebSocket,
    eventsource: EventSource,
    emulationEndpoint: EMULATION,
    timeout: 4000,
    minReconnectDelay: 100,
    maxReconnectDelay: 1000,
    ...options,
  });
  c.errors = record(c, 'error');
  pool.clients.push(c);
  return c;
}

async function connectEmulated(pool, transport, sub, options = {}) {
  const c = makeEmulated(pool, transport, { token: connToken(sub), ...options });
  const p = waitEither(c, 'connected', 'disconnected', { label: `${transport} connected` });
  c.connect();
  const { event, ctx } = await p;
  if (event !== 'connected') {
    throw new Error(`disconnected while connecting over ${transport}: ${ctx.code} ${ctx.reason}`);
  }
  return { c, ctx };
}

async function withEmulatedPool(proto, fn) {
  const pool = new Pool(proto);
  try {
    return await fn(pool);
  } finally {
    pool.close();
  }
}

for (const { transport, protos } of EMULATED) {
  for (const proto of protos) {
    describe(`${transport} ${proto.name}`, () => {
      test('connects with the transport, subscribes, receives API publications, publishes', async () => {
        await withEmulatedPool(proto, async (pool) => {
          const { c, ctx } = await connectEmulated(pool, transport, user());
          assert.equal(ctx.transport, transport);
          const ch = channel('chat');
          const { sub } = await pool.subscribe(c, ch);
          const pubs = record(sub, 'publication');
          await apiOk('publish', { channel: ch, data: { from: 'api' } });
          await until(() => pubs.length === 1, { label: 'API publication' });
          assert.deepEqual(decodeData(proto, pubs[0].data), { from: 'api' });
          // Commands after connect travel through the emulation endpoint.
          await within(sub.publish(encodeData(proto, { from: 'client' })), { label: 'client publish' });
          await until(() => pubs.length === 2, { label: 'own publication' });
          assert.deepEqual(decodeData(proto, pubs[1].data), { from: 'client' });
          const h = await within(sub.history({ limit: 10 }), { label: 'history' });
          assert.equal(h.publications.length, 2);
          const pr = await within(sub.presence(), { label: 'presence' });
          assert.ok(Object.keys(pr.clients).includes(ctx.client));
        });
      });

      test('server-side disconnect reaches the client with its code', async () => {
        await withEmulatedPool(proto, async (pool) => {
          const u = user();
          const { c } = await connectEmulated(pool, transport, u);
          const gone = waitEvent(c, 'disconnected', { label: 'disconnected' });
          await apiOk('disconnect', { user: u });
          const d = await gone;
          assert.equal(d.code, 3503);
        });
      });

      test('a malformed emulation request is refused without touching the connection', async () => {
        await withEmulatedPool(proto, async (pool) => {
          const { c } = await connectEmulated(pool, transport, user());
          const bad = await fetch(EMULATION, { method: 'POST', body: 'not json', signal: AbortSignal.timeout(WAIT_MS) });
          assert.equal(bad.status, 400);
          const noSession = await fetch(EMULATION, {
            method: 'POST', body: JSON.stringify({ node: 'nope', session: 'nope', data: '{}' }),
            signal: AbortSignal.timeout(WAIT_MS),
          });
          assert.ok(noSession.status >= 400 && noSession.status < 500, `status ${noSession.status}`);
          const ch = channel('chat');
          const { sub } = await pool.subscribe(c, ch);
          const pubs = record(sub, 'publication');
          await apiOk('publish', { channel: ch, data: { still: 'alive' } });
          await until(() => pubs.length === 1, { label: 'publication after bad requests' });
          assert.equal(c.state, 'connected');
        });
      });
    });
  }
}

/** Events of a raw EventSource, parsed. */
function eventSourceClient(url) {
  const es = new EventSource(url);
  const messages = [];
  const errors = [];
  es.onmessage = (e) => messages.push(JSON.parse(e.data));
  es.onerror = (e) => errors.push(e);
  return { es, messages, errors };
}

describe('uni_sse', () => {
  test('an EventSource receives the connect push and publications of token channels', async () => {
    const u = user();
    const ch = channel('public');
    const req = { token: connToken(u, { channels: [ch] }) };
    const { es, messages } = eventSourceClient(
      `${BASE}/connection/uni_sse?cf_connect=${encodeURIComponent(JSON.stringify(req))}`);
    try {
      await until(() => messages.length >= 1, { label: 'connect push' });
      const connect = messages[0].connect;
      assert.ok(connect, `first message is a connect push: ${JSON.stringify(messages[0])}`);
      assert.ok(connect.client && connect.session, 'client and session ids');
      assert.equal(connect.pong, undefined, 'no pongs on a unidirectional transport');
      assert.ok(ch in connect.subs);
      await apiOk('publish', { channel: ch, data: { n: 1 } });
      await until(() => messages.some((m) => m.pub), { label: 'publication push' });
      const p = messages.find((m) => m.pub);
      assert.equal(p.channel, ch);
      assert.deepEqual(p.pub.data, { n: 1 });
      assert.equal(p.push, undefined, 'pushes are sent bare');
    } finally {
      es.close();
    }
  });
});

describe('uni_websocket', () => {
  function open(url, firstMessage) {
    const ws = new WebSocket(url);
    const messages = [];
    const closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('message', (data) => {
      for (const line of data.toString().split('\n')) if (line) messages.push(JSON.parse(line));
    });
    ws.on('error', () => {});
    if (firstMessage !== undefined) ws.on('open', () => ws.send(firstMessage));
    return { ws, messages, closed };
  }

  test('a plain WebSocket connects with its first message and receives publications', async () => {
    const u = user();
    const ch = channel('public');
    const { ws, messages, closed } = open(`${BASE.replace(/^http/, 'ws')}/connection/uni_websocket`,
      JSON.stringify({ token: connToken(u, { channels: [ch] }) }));
    try {
      await until(() => messages.length >= 1, { label: 'connect push' });
      assert.ok(messages[0].connect?.client, `connect push: ${JSON.stringify(messages[0])}`);
      await apiOk('publish', { channel: ch, data: { n: 2 } });
      await until(() => messages.some((m) => m.pub), { label: 'publication push' });
      assert.deepEqual(messages.find((m) => m.pub).pub.data, { n: 2 });
      await apiOk('disconnect', { user: u, disconnect: { code: 4001, reason: 'bye' } });
      const c = await within(closed, { label: 'close' });
      assert.equal(c.code, 4001);
      assert.equal(c.reason, 'bye');
    } finally {
      ws.terminate();
    }
  });

  test('the connect request may come in cf_connect; a bad first message closes with 3501', async () => {
    const u = user();
    const ch = channel('public');
    const q = encodeURIComponent(JSON.stringify({ token: connToken(u, { channels: [ch] }) }));
    const a = open(`${BASE.replace(/^http/, 'ws')}/connection/uni_websocket?cf_connect=${q}`);
    const b = open(`${BASE.replace(/^http/, 'ws')}/connection/uni_websocket`, 'not json');
    try {
      await until(() => a.messages.length >= 1, { label: 'connect push (cf_connect)' });
      assert.ok(a.messages[0].connect?.client);
      const c = await within(b.closed, { label: 'close after a bad connect request' });
      assert.equal(c.code, 3501);
    } finally {
      a.ws.terminate();
      b.ws.terminate();
    }
  });
});

describe('uni_http_stream', () => {
  test('a POST with the connect request streams newline-delimited pushes', async () => {
    const u = user();
    const ch = channel('public');
    const ac = new AbortController();
    const res = await fetch(`${BASE}/connection/uni_http_stream`, {
      method: 'POST', body: JSON.stringify({ token: connToken(u, { channels: [ch] }) }), signal: ac.signal,
    });
    assert.equal(res.status, 200);
    const messages = [];
    const reader = res.body.getReader();
    let buf = '';
    const pump = (async () => {
      const dec = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += dec.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (line) messages.push(JSON.parse(line));
        }
      }
    })().catch(() => {});
    try {
      await until(() => messages.length >= 1, { label: 'connect push' });
      assert.ok(messages[0].connect?.client);
      await apiOk('publish', { channel: ch, data: { n: 3 } });
      await until(() => messages.some((m) => m.pub), { label: 'publication push' });
      assert.deepEqual(messages.find((m) => m.pub).pub.data, { n: 3 });
      await apiOk('disconnect', { user: u });
      await until(() => messages.some((m) => m.disconnect), { label: 'disconnect push' });
      assert.equal(messages.find((m) => m.disconnect).disconnect.code, 3503);
      await within(pump, { label: 'stream end' });
    } finally {
      ac.abort();
    }
  });
});
