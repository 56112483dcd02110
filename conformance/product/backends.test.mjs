// A project's own backends, end to end with the official centrifuge-js client: the project's
// connect backend names the user of a connection that only carries the public client key, its
// subscribe backend admits to a namespace that is closed to clients, its rpc backend answers.
// Every call is checked for the project's signature. Backends set with
// `xshathra project backend` before the server starts.
//
// Environment: XS_BASE_URL, XS_PROJECT_C_CLIENT_KEY (client key of the project with backends),
// XS_PROJECT_C_SECRET (its signing secret), XS_PROJECT_C_KEY (its server key),
// XS_BACKEND_PORT (where the backends listen, as set on the project).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import WebSocket from 'ws';
import { PROTOCOLS, rnd, waitEvent, waitEither, decodeData, encodeData } from '../lib/helpers.mjs';

const BASE = (process.env.XS_BASE_URL || 'http://127.0.0.1:3001').replace(/\/+$/, '');
const WS = BASE.replace(/^http/, 'ws') + '/realtime/connection/websocket';
const CLIENT_KEY = process.env.XS_PROJECT_C_CLIENT_KEY;
const SERVER_KEY = process.env.XS_PROJECT_C_KEY;
const SECRET = process.env.XS_PROJECT_C_SECRET;
const PORT = Number(process.env.XS_BACKEND_PORT || 18031);

function signedByXshathra(raw, header) {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m || Math.abs(Date.now() / 1000 - Number(m[1])) > 300) return false;
  const want = createHmac('sha256', SECRET).update(`${m[1]}.`).update(raw).digest();
  return timingSafeEqual(want, Buffer.from(m[2], 'hex'));
}

const calls = [];
let backend;

function answer(path, req) {
  if (path === '/connect') return { result: { user: `user-of-${req.data?.app ?? 'none'}` } };
  if (path === '/rpc') return { result: { data: { echo: req.data, user: req.user, method: req.method } } };
  if (path === '/subscribe') {
    return req.channel.endsWith(':closed')
      ? { error: { code: 403, message: 'not for you' } }
      : { result: {} };
  }
  return { error: { code: 404, message: 'no such backend' } };
}

describe('project backends', { skip: !CLIENT_KEY || !SECRET ? 'XS_PROJECT_C_CLIENT_KEY/XS_PROJECT_C_SECRET not set' : false }, () => {
  before(async () => {
    backend = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const body = JSON.parse(raw.toString('utf8'));
        const signed = signedByXshathra(raw, req.headers['x-xshathra-signature']);
        calls.push({ path: req.url, body, signed });
        res.writeHead(signed ? 200 : 401, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(signed ? answer(req.url, body) : {}));
      });
    });
    await new Promise((resolve) => backend.listen(PORT, '127.0.0.1', resolve));
  });

  after(async () => {
    await new Promise((resolve) => backend.close(resolve));
  });

  for (const proto of PROTOCOLS) {
    test(`${proto.name}: the project's backends name the user, admit, refuse and answer RPCs`, async () => {
      calls.length = 0;
      const url = proto.binary ? `${WS}?client_api_key=${CLIENT_KEY}` : WS;
      // JSON: the client key in the connect data; Protobuf: in the URL (as in flow.test.mjs).
      const data = encodeData(proto, proto.binary ? { app: 'shop' } : { clientApiKey: CLIENT_KEY, app: 'shop' });
      const c = new proto.Centrifuge(url, { websocket: WebSocket, timeout: 4000, data });
      c.on('error', () => {});
      try {
        const connected = waitEither(c, 'connected', 'disconnected', { label: 'connected' });
        c.connect();
        const { event, ctx } = await connected;
        assert.equal(event, 'connected', `disconnected ${ctx.code} ${ctx.reason}`);
        const user = 'user-of-shop';
        assert.equal(calls[0].path, '/connect');
        assert.ok(calls.every((x) => x.signed), 'every call is signed with the project secret');

        const rpc = await c.rpc('whoami', proto.binary ? new TextEncoder().encode('{"q":1}') : { q: 1 });
        assert.deepEqual(decodeData(proto, rpc.data), { echo: { q: 1 }, user, method: 'whoami' });

        const open = c.newSubscription(`chat:${rnd()}`);
        const ok = waitEither(open, 'subscribed', 'unsubscribed', { label: 'subscribed' });
        open.subscribe();
        assert.equal((await ok).event, 'subscribed', 'the backend admits to a namespace closed to clients');
        const got = waitEvent(open, 'publication', { label: 'publication' });
        const r = await fetch(`${BASE}/api/realtime/publish`, {
          method: 'POST',
          headers: { Authorization: `apikey ${SERVER_KEY}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ channel: open.channel, data: { n: 7 } }),
        });
        assert.equal(r.status, 200);
        assert.deepEqual(decodeData(proto, (await got).data), { n: 7 });

        const closed = c.newSubscription('chat:closed');
        const refused = waitEvent(closed, 'unsubscribed', { label: 'refused subscription' });
        closed.subscribe();
        const rctx = await refused;
        assert.equal(rctx.code, 403);
        assert.equal(rctx.reason, 'not for you');
        const subCall = calls.find((x) => x.path === '/subscribe' && x.body.channel === 'chat:closed');
        assert.equal(subCall.body.user, user, 'the backend sees the user it named');
      } finally {
        c.disconnect();
      }
    });
  }
});
