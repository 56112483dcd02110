// The tenant API (history, presence, channels, broadcast, unsubscribe, disconnect) with the
// official centrifuge-js client, JSON and Protobuf: a user with the same id is connected in
// projects A and B to the same channel name, and every call made with A's key sees and touches
// only A's connection.
//
// Environment: XS_BASE_URL (http://127.0.0.1:PORT), XS_PROJECT_A_KEY, XS_PROJECT_B_KEY.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { PROTOCOLS, rnd, user, waitEvent, waitEither, record, until, decodeData } from '../lib/helpers.mjs';

const BASE = (process.env.XS_BASE_URL || 'http://127.0.0.1:3001').replace(/\/+$/, '');
const WS = BASE.replace(/^http/, 'ws') + '/realtime/connection/websocket';
const KEY_A = process.env.XS_PROJECT_A_KEY;
const KEY_B = process.env.XS_PROJECT_B_KEY;

async function call(name, key, body) {
  const res = await fetch(`${BASE}/api/realtime/${name}`, {
    method: 'POST',
    headers: { Authorization: `apikey ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  return { status: res.status, body: await res.json() };
}

async function ok(name, key, body) {
  const r = await call(name, key, body);
  assert.equal(r.status, 200, `${name}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function connected(proto, key, userId) {
  const { token } = await ok('token', key, { userId, ttlSeconds: 300, info: { name: userId } });
  const c = new proto.Centrifuge(WS, { websocket: WebSocket, token, timeout: 4000, minReconnectDelay: 100 });
  c.on('error', () => {});
  const p = waitEither(c, 'connected', 'disconnected', { label: 'connected' });
  c.connect();
  const { event, ctx } = await p;
  assert.equal(event, 'connected', `disconnected ${ctx.code} ${ctx.reason}`);
  return c;
}

async function subscribed(c, channel) {
  const sub = c.newSubscription(channel);
  const p = waitEither(sub, 'subscribed', 'unsubscribed', { label: `subscribed ${channel}` });
  sub.subscribe();
  const { event, ctx } = await p;
  assert.equal(event, 'subscribed', `unsubscribed ${ctx.code} ${ctx.reason}`);
  return sub;
}

describe('tenant API', { skip: !KEY_A || !KEY_B ? 'XS_PROJECT_A_KEY/XS_PROJECT_B_KEY not set' : false }, () => {
  for (const proto of PROTOCOLS) {
    test(`${proto.name}: history, presence and channels of one project only`, async () => {
      const ch = `public:room-${rnd()}`;
      const u = user();
      const a = await connected(proto, KEY_A, u);
      const b = await connected(proto, KEY_B, u);
      try {
        const sa = await subscribed(a, ch);
        const sb = await subscribed(b, ch);
        const gotA = record(sa, 'publication');
        const gotB = record(sb, 'publication');
        await ok('publish', KEY_A, { channel: ch, data: { to: 'A' }, tags: { k: 'v' } });
        await ok('publish', KEY_B, { channel: ch, data: { to: 'B' } });
        await until(() => gotA.length === 1 && gotB.length === 1, { label: 'one publication each' });

        const h = await ok('history', KEY_A, { channel: ch, limit: 10 });
        assert.deepEqual(h.publications, [{ data: { to: 'A' }, offset: 1, tags: { k: 'v' } }]);
        assert.equal(h.offset, 1);
        assert.equal(typeof h.epoch, 'string');
        const since = await ok('history', KEY_A, { channel: ch, limit: 10, since: { offset: 1, epoch: h.epoch } });
        assert.deepEqual(since.publications, []);

        const presence = await ok('presence', KEY_A, { channel: ch });
        const entries = Object.entries(presence.clients);
        assert.equal(entries.length, 1);
        const [id, entry] = entries[0];
        assert.deepEqual(entry, { client: id, user: u, connInfo: { name: u } });
        const inB = Object.keys((await ok('presence', KEY_B, { channel: ch })).clients);
        assert.equal(inB.length, 1);
        assert.notEqual(inB[0], id, 'B\'s presence is B\'s own connection');
        assert.deepEqual(await ok('presence-stats', KEY_A, { channel: ch }), { numClients: 1, numUsers: 1 });

        const listed = await ok('channels', KEY_A, { pattern: ch });
        assert.deepEqual(listed, { channels: { [ch]: { numClients: 1 } } });
        const all = Object.keys((await ok('channels', KEY_A, { pattern: '*' })).channels);
        assert.ok(all.includes(ch));
        assert.deepEqual(all.filter((n) => n.includes('\u001f') || n.includes('proj_')), []);
      } finally {
        a.disconnect();
        b.disconnect();
      }
    });

    test(`${proto.name}: broadcast, unsubscribe and disconnect touch one project only`, async () => {
      const ch = `public:room-${rnd()}`;
      const other = `public:other-${rnd()}`;
      const u = user();
      const a = await connected(proto, KEY_A, u);
      const b = await connected(proto, KEY_B, u);
      try {
        const sa = await subscribed(a, ch);
        const sb = await subscribed(b, ch);
        const gotA = record(sa, 'publication');
        const gotB = record(sb, 'publication');
        const r = await ok('broadcast', KEY_A, { channels: [ch, other], data: { n: 1 } });
        assert.deepEqual(r.results.map((x) => [x.channel, x.offset]), [[ch, 1], [other, 1]]);
        await ok('publish', KEY_B, { channel: ch, data: { n: 2 } });
        await until(() => gotA.length === 1 && gotB.length === 1, { label: 'one publication each' });
        assert.deepEqual(decodeData(proto, gotA[0].data), { n: 1 });
        assert.deepEqual(decodeData(proto, gotB[0].data), { n: 2 }, 'B never got A\'s broadcast');

        const unsubscribed = waitEvent(sa, 'unsubscribed', { label: 'A unsubscribed' });
        assert.deepEqual(await ok('unsubscribe', KEY_A, { userId: u, channel: ch }), {});
        assert.equal((await unsubscribed).code, 2000);
        await ok('publish', KEY_B, { channel: ch, data: { n: 3 } });
        await until(() => gotB.length === 2, { label: 'B still subscribed' });

        const disconnected = waitEvent(a, 'disconnected', { label: 'A disconnected' });
        assert.deepEqual(await ok('disconnect', KEY_A, { userId: u }), {});
        assert.equal((await disconnected).code, 3503);
        await ok('publish', KEY_B, { channel: ch, data: { n: 4 } });
        await until(() => gotB.length === 3, { label: 'B still connected' });
        assert.equal(b.state, 'connected');
      } finally {
        a.disconnect();
        b.disconnect();
      }
    });
  }
});
