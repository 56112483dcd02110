// Shared-poll subscriptions (subscribe `type: 4`). The routing part runs against the main server:
// a type-4 subscribe outside a shared_poll namespace (here `chat`, and a namespace that does not
// exist) is refused with 108 "not available", checked before anything else. The serving part runs
// against the server started with config-proxy.json (XS_PROXY_WS_URL / XS_PROXY_API_URL), whose
// namespaces `spoll` (versioned, publish_enabled), `spollvl` (versionless) and `spolld` (versioned,
// fossil delta allowed) poll the backend
// this file serves on XS_PROXY_BACKEND_PORT (18097, path /shared_poll/refresh). Raw JSON frames,
// since centrifuge-js 5.x has no shared-poll subscription.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import WebSocket from 'ws';
import { WS_URL, API_KEY, connToken, user, channel, until, rnd, nowSec, sleep } from '../lib/helpers.mjs';

const PROXY_WS_URL = process.env.XS_PROXY_WS_URL || '';
const PROXY_API_URL = (process.env.XS_PROXY_API_URL || '').replace(/\/+$/, '');
const BACKEND_PORT = Number(process.env.XS_PROXY_BACKEND_PORT || 18097);
const POLL_SECRET = 'conformance-poll-secret';

function open(url = WS_URL) {
  const ws = new WebSocket(url);
  const replies = new Map();
  const pushes = [];
  ws.on('message', (data) => {
    for (const line of data.toString().split('\n')) {
      if (!line) continue;
      const msg = JSON.parse(line);
      if (msg.id) replies.set(msg.id, msg);
      else if (msg.push) pushes.push(msg.push);
    }
  });
  ws.on('error', () => {});
  const opened = new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('close', reject); });
  let next = 0;
  async function send(cmd) {
    const id = ++next;
    ws.send(JSON.stringify({ id, ...cmd }));
    await until(() => replies.has(id), { label: `reply ${id}` });
    return replies.get(id);
  }
  return { ws, opened, send, pushes };
}

describe('shared poll: subscribe type 4', () => {
  test('is not available (108) outside a shared_poll namespace; the connection stays up', async () => {
    const c = open();
    try {
      await c.opened;
      const connect = await c.send({ connect: { token: connToken(user()) } });
      assert.ok(connect.connect, JSON.stringify(connect));
      const stream = await c.send({ subscribe: { channel: channel('chat'), type: 4 } });
      assert.equal(stream.error?.code, 108, JSON.stringify(stream));
      const unknown = await c.send({ subscribe: { channel: `nosuchns${rnd(4)}:x`, type: 4 } });
      assert.equal(unknown.error?.code, 108, JSON.stringify(unknown));
      const plain = await c.send({ subscribe: { channel: channel('chat') } });
      assert.ok(plain.subscribe, JSON.stringify(plain));
    } finally {
      c.ws.close();
    }
  });
});

/** The track signature the application backend issues: HMAC-SHA256 over iat, exp, user, channel and the keys. */
function sign(userId, ch, keys, { exp = nowSec() + 3600, secret = POLL_SECRET } = {}) {
  const iat = nowSec();
  const keysHash = crypto.createHash('sha256').update(keys.join('\x00')).digest('hex');
  const payload = `${iat}\x00${exp}\x00${userId}\x00${ch}\x00${keysHash}`;
  return `${iat}:${exp}:${crypto.createHmac('sha256', secret).update(payload).digest('hex')}`;
}

/** What the backend holds: key → {version, data, removed}; keys it does not hold are left out. */
const items = new Map();
const polled = [];
let server;

function serveBackend() {
  server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.url !== '/shared_poll/refresh') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      polled.push(body);
      const out = [];
      for (const it of body.items || []) {
        const v = items.get(it.key);
        if (v) {
          out.push(v.removed ? { key: it.key, removed: true }
            : { key: it.key, data: v.data, version: v.version, ...(v.prev ? { prev_data: v.prev } : {}) });
        }
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ result: { items: out } }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(BACKEND_PORT, '127.0.0.1', resolve);
  });
}

async function api(method, body) {
  const res = await fetch(`${PROXY_API_URL}/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': API_KEY },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  assert.equal(res.status, 200);
  return res.json();
}

/** A connected client of `userId` subscribed to the shared-poll channel `ch`; returns it and the subscribe result. */
async function subscribed(userId, ch) {
  const c = open(PROXY_WS_URL);
  await c.opened;
  const connect = await c.send({ connect: { token: connToken(userId) } });
  assert.ok(connect.connect, JSON.stringify(connect));
  const sub = await c.send({ subscribe: { channel: ch, type: 4 } });
  assert.ok(sub.subscribe, JSON.stringify(sub));
  return { c, result: sub.subscribe };
}

function track(c, ch, batches, untrack) {
  return c.send({ sub_refresh: { channel: ch, type: 1, track: batches, ...(untrack ? { untrack } : {}) } });
}

function batch(userId, ch, keys, versions = {}, opts = {}) {
  return {
    signature: sign(userId, ch, keys, opts),
    items: keys.map((key) => (versions[key] ? { key, version: versions[key] } : { key })),
  };
}

const pubsOf = (c, ch, key) => c.pushes.filter((p) => p.channel === ch && p.pub && p.pub.key === key).map((p) => p.pub);

describe('shared poll: serving', {
  skip: PROXY_WS_URL ? false : 'XS_PROXY_WS_URL not set (no server with config-proxy.json)',
}, () => {
  before(serveBackend);
  after(() => new Promise((resolve) => server.close(resolve)));

  test('subscribe answers type 4; a versioned channel has no epoch yet, a versionless one has its own', async () => {
    const u = user();
    const a = await subscribed(u, channel('spoll'));
    const b = await subscribed(u, channel('spollvl'));
    try {
      assert.equal(a.result.type, 4);
      assert.equal(a.result.epoch ?? '', '');
      assert.equal(b.result.type, 4);
      assert.equal(b.result.epoch.length, 8);
      const wrongType = await a.c.send({ subscribe: { channel: channel('spoll') } });
      assert.equal(wrongType.error?.code, 107, JSON.stringify(wrongType));
    } finally {
      a.c.ws.close();
      b.c.ws.close();
    }
  });

  test('a signed track gets the current data at once, then each new version, and a removal', async () => {
    const u = user();
    const ch = channel('spoll');
    const k = `k${rnd(6)}`;
    items.set(k, { version: 1, data: { score: 42 } });
    const { c } = await subscribed(u, ch);
    try {
      const r = await track(c, ch, [batch(u, ch, [k])]);
      assert.ok(r.sub_refresh, JSON.stringify(r));
      assert.equal(r.sub_refresh.expires, true);
      assert.ok(r.sub_refresh.ttl > 3500 && r.sub_refresh.ttl <= 3600, JSON.stringify(r));
      await until(() => pubsOf(c, ch, k).length === 1, { label: 'first update' });
      assert.deepEqual(pubsOf(c, ch, k)[0], { key: k, data: { score: 42 }, version: 1 });
      items.set(k, { version: 2, data: { score: 43 } });
      await until(() => pubsOf(c, ch, k).length === 2, { label: 'second update' });
      assert.deepEqual(pubsOf(c, ch, k)[1], { key: k, data: { score: 43 }, version: 2 });
      items.set(k, { removed: true });
      await until(() => pubsOf(c, ch, k).length === 3, { label: 'removal' });
      assert.equal(pubsOf(c, ch, k)[2].removed, true);
    } finally {
      c.ws.close();
    }
  });

  test('each connection gets only versions above the one it holds; an untracked key gets nothing', async () => {
    const u = user();
    const ch = channel('spoll');
    const [k1, k2] = [`a${rnd(6)}`, `b${rnd(6)}`];
    items.set(k1, { version: 5, data: { v: 5 } });
    items.set(k2, { version: 1, data: { v: 1 } });
    const a = await subscribed(u, ch);
    const b = await subscribed(u, ch);
    try {
      assert.ok((await track(a.c, ch, [batch(u, ch, [k1, k2])])).sub_refresh);
      assert.ok((await track(b.c, ch, [batch(u, ch, [k1], { [k1]: 5 })])).sub_refresh);
      await until(() => pubsOf(a.c, ch, k1).length === 1 && pubsOf(a.c, ch, k2).length === 1, { label: 'a gets both' });
      const untrack = await a.c.send({ sub_refresh: { channel: ch, type: 2, untrack: [k2, 'never-tracked'] } });
      assert.ok(untrack.sub_refresh, JSON.stringify(untrack));
      items.set(k2, { version: 2, data: { v: 2 } });
      items.set(k1, { version: 6, data: { v: 6 } });
      await until(() => pubsOf(b.c, ch, k1).length === 1 && pubsOf(a.c, ch, k1).length === 2, { label: 'v6 to both' });
      assert.equal(pubsOf(b.c, ch, k1)[0].version, 6, 'b held v5: its first update is v6');
      await sleep(500);
      assert.equal(pubsOf(a.c, ch, k2).length, 1, 'no update for an untracked key');
    } finally {
      a.c.ws.close();
      b.c.ws.close();
    }
  });

  test('versionless: the server numbers changes of the data itself', async () => {
    const u = user();
    const ch = channel('spollvl');
    const k = `v${rnd(6)}`;
    items.set(k, { version: 0, data: { n: 1 } });
    const { c } = await subscribed(u, ch);
    try {
      assert.ok((await track(c, ch, [batch(u, ch, [k])])).sub_refresh);
      await until(() => pubsOf(c, ch, k).length === 1, { label: 'first update' });
      const first = pubsOf(c, ch, k)[0];
      assert.ok(first.version > 0);
      assert.deepEqual(first.data, { n: 1 });
      items.set(k, { version: 0, data: { n: 2 } });
      await until(() => pubsOf(c, ch, k).length === 2, { label: 'changed data' });
      assert.ok(pubsOf(c, ch, k)[1].version > first.version);
      assert.deepEqual(pubsOf(c, ch, k)[1].data, { n: 2 });
    } finally {
      c.ws.close();
    }
  });

  test('with fossil delta the first update is a full JSON string, a later one a patch against prev_data', async () => {
    const u = user();
    const ch = channel('spolld');
    const k = `d${rnd(6)}`;
    const v1 = { text: 'the quick brown fox jumps over the lazy dog, again and again', n: 1 };
    const v2 = { ...v1, n: 2 };
    items.set(k, { version: 1, data: v1 });
    const c = open(PROXY_WS_URL);
    await c.opened;
    try {
      assert.ok((await c.send({ connect: { token: connToken(u) } })).connect);
      const sub = await c.send({ subscribe: { channel: ch, type: 4, delta: 'fossil' } });
      assert.equal(sub.subscribe?.delta, true, JSON.stringify(sub));
      const plain = await c.send({ subscribe: { channel: channel('spoll'), type: 4, delta: 'fossil' } });
      assert.equal(plain.subscribe?.delta, undefined, 'fossil is not allowed there');
      const unknown = await c.send({ subscribe: { channel: channel('spolld'), type: 4, delta: 'nope' } });
      assert.ok(unknown.subscribe, `an unknown delta type is not negotiated, not an error: ${JSON.stringify(unknown)}`);
      assert.equal(unknown.subscribe.delta, undefined);
      assert.ok((await track(c, ch, [batch(u, ch, [k])])).sub_refresh);
      await until(() => pubsOf(c, ch, k).length === 1, { label: 'first update' });
      assert.deepEqual(pubsOf(c, ch, k)[0], { key: k, data: JSON.stringify(v1), version: 1 });
      items.set(k, { version: 2, data: v2, prev: v1 });
      await until(() => pubsOf(c, ch, k).length === 2, { label: 'patched update' });
      const second = pubsOf(c, ch, k)[1];
      assert.equal(second.delta, true, JSON.stringify(second));
      assert.equal(second.version, 2);
      assert.equal(typeof second.data, 'string');
      assert.ok(second.data.length < JSON.stringify(v2).length, second.data);
    } finally {
      c.ws.close();
    }
  });

  test('bad, foreign and expired signatures, the key bound and requests outside a subscription are refused', async () => {
    const u = user();
    const ch = channel('spoll');
    const c = open(PROXY_WS_URL);
    await c.opened;
    try {
      assert.ok((await c.send({ connect: { token: connToken(u) } })).connect);
      const notSubscribed = await track(c, ch, [batch(u, ch, ['k'])]);
      assert.equal(notSubscribed.error?.code, 103, JSON.stringify(notSubscribed));
      assert.ok((await c.send({ subscribe: { channel: ch, type: 4 } })).subscribe);
      const bad = await track(c, ch, [{ signature: '1:2:deadbeef', items: [{ key: 'k' }] }]);
      assert.equal(bad.error?.code, 103, JSON.stringify(bad));
      const otherUser = await track(c, ch, [batch(`${u}x`, ch, ['k'])]);
      assert.equal(otherUser.error?.code, 103, JSON.stringify(otherUser));
      const reordered = await track(c, ch, [{ ...batch(u, ch, ['k1', 'k2']), items: [{ key: 'k2' }, { key: 'k1' }] }]);
      assert.equal(reordered.error?.code, 103, JSON.stringify(reordered));
      const expired = await track(c, ch, [batch(u, ch, ['k'], {}, { exp: nowSec() - 60 })]);
      assert.equal(expired.error?.code, 109, JSON.stringify(expired));
      const tooMany = await track(c, ch, [batch(u, ch, ['w', 'x', 'y', 'z'])]);
      assert.equal(tooMany.error?.code, 106, JSON.stringify(tooMany));
      const empty = await c.send({ sub_refresh: { channel: ch, type: 1, track: [] } });
      assert.equal(empty.error?.code, 107, JSON.stringify(empty));
      const noUntrack = await c.send({ sub_refresh: { channel: ch, type: 2 } });
      assert.equal(noUntrack.error?.code, 107, JSON.stringify(noUntrack));
      const ok = await track(c, ch, [batch(u, ch, ['k'])]);
      assert.ok(ok.sub_refresh, 'the connection stays usable');
    } finally {
      c.ws.close();
    }
  });

  test('shared_poll_publish sends a new version to the key\'s trackers and checks its request', async () => {
    const u = user();
    const ch = channel('spoll');
    const k = `p${rnd(6)}`;
    const { c } = await subscribed(u, ch);
    try {
      assert.ok((await track(c, ch, [batch(u, ch, [k], { [k]: 3 })])).sub_refresh);
      await until(() => polled.some((p) => p.channel === ch), { label: 'the channel is polled' });
      const res = await api('shared_poll_publish', { channel: ch, key: k, data: { via: 'api' }, version: 7 });
      assert.deepEqual(res, { result: {} });
      await until(() => pubsOf(c, ch, k).length === 1, { label: 'published update' });
      assert.deepEqual(pubsOf(c, ch, k)[0], { key: k, data: { via: 'api' }, version: 7 });
      const stale = await api('shared_poll_publish', { channel: ch, key: k, data: {}, version: 6 });
      assert.deepEqual(stale, { result: {} });
      assert.equal((await api('shared_poll_publish', { channel: channel('spollvl'), key: k, data: {}, version: 1 }))
        .error?.code, 108, 'publish_enabled is off');
      assert.equal((await api('shared_poll_publish', { channel: channel('pnews'), key: k, data: {}, version: 1 }))
        .error?.code, 107, 'not a shared-poll namespace');
      assert.equal((await api('shared_poll_publish', { channel: ch, key: k, data: {} })).error?.code, 107, 'no version');
      await sleep(300);
      assert.equal(pubsOf(c, ch, k).length, 1, 'a lower version is not sent');
    } finally {
      c.ws.close();
    }
  });
});
