// The server API over gRPC (Centrifugo's api.proto) and the uni_grpc transport, with
// @grpc/grpc-js and the .proto files of engine-grpc. They need the gRPC ports of the server
// under test: XS_GRPC_API_ADDR (grpc_api, key XS_GRPC_API_KEY) and XS_UNI_GRPC_ADDR
// (uni_grpc); each part is skipped when its address is not set.

import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { channel, user, connToken, apiOk, until, sleep, WAIT_MS } from '../lib/helpers.mjs';

const GRPC_API_ADDR = process.env.XS_GRPC_API_ADDR || '';
const UNI_GRPC_ADDR = process.env.XS_UNI_GRPC_ADDR || '';
const GRPC_API_KEY = process.env.XS_GRPC_API_KEY || 'conformance-grpc-key';

const protoDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'engine-grpc', 'src', 'main', 'proto');
const loadOptions = { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true };

function load(file) {
  return grpc.loadPackageDefinition(protoLoader.loadSync(path.join(protoDir, file), loadOptions));
}

const clients = [];
after(() => clients.forEach((c) => c.close()));

function apiClient() {
  const { CentrifugoApi } = load('centrifugo_api.proto').centrifugal.centrifugo.api;
  const c = new CentrifugoApi(GRPC_API_ADDR, grpc.credentials.createInsecure());
  clients.push(c);
  return c;
}

function uniClient() {
  const { CentrifugoUniStream } = load('centrifugo_unistream.proto').centrifugal.centrifugo.unistream;
  const c = new CentrifugoUniStream(UNI_GRPC_ADDR, grpc.credentials.createInsecure());
  clients.push(c);
  return c;
}

/** Calls a unary method; resolves with the response, rejects with the gRPC error. */
function call(client, method, req, { key = GRPC_API_KEY, headers = {} } = {}) {
  const md = new grpc.Metadata();
  if (key !== null) md.set('authorization', `apikey ${key}`);
  for (const [k, v] of Object.entries(headers)) md.set(k, v);
  return new Promise((resolve, reject) => {
    client[method](req, md, { deadline: Date.now() + WAIT_MS }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/** A uni_grpc stream: its pushes (pings left out) and how it ended. */
function consume(client, req) {
  const stream = client.Consume(req);
  const pushes = [];
  const ended = new Promise((resolve) => {
    stream.on('status', (s) => resolve(s));
    stream.on('error', () => {});
  });
  stream.on('data', (p) => {
    if (Object.values(p).some((v) => v !== null && v !== '')) pushes.push(p);
  });
  return { stream, pushes, ended };
}

/** The first push not taken yet that has the field {@code kind} set (join/leave pushes are skipped over). */
async function take(s, kind, label) {
  let found;
  await until(() => {
    const i = s.pushes.findIndex((p) => p[kind] !== null);
    if (i < 0) return false;
    found = s.pushes[i];
    s.pushes.splice(0, i + 1);
    return true;
  }, { label });
  return found;
}

const json = (obj) => Buffer.from(JSON.stringify(obj));

describe('grpc api', { skip: GRPC_API_ADDR ? false : 'XS_GRPC_API_ADDR not set (no gRPC API port)' }, () => {
  test('info lists this node', async () => {
    const r = await call(apiClient(), 'Info', {});
    assert.equal(r.error, null);
    assert.ok(r.result.nodes.length >= 1);
    assert.ok(r.result.nodes[0].uid.length > 0);
    assert.ok(r.result.nodes[0].version.length > 0);
  });

  test('publish with b64data, then history and history_remove', async () => {
    const c = apiClient();
    const ch = channel('chat');
    const p1 = await call(c, 'Publish', { channel: ch, data: json({ n: 1 }) });
    assert.equal(p1.error, null);
    assert.equal(p1.result.offset, 1);
    assert.ok(p1.result.epoch.length > 0);
    const p2 = await call(c, 'Publish', { channel: ch, b64data: json({ n: 2 }).toString('base64'), tags: { t: 'v' } });
    assert.equal(p2.result.offset, 2);
    const h = await call(c, 'History', { channel: ch, limit: 10 });
    assert.equal(h.error, null);
    assert.deepEqual(h.result.publications.map((p) => JSON.parse(p.data.toString())), [{ n: 1 }, { n: 2 }]);
    assert.deepEqual(h.result.publications.map((p) => p.offset), [1, 2]);
    assert.deepEqual(h.result.publications[1].tags, { t: 'v' });
    assert.equal(h.result.offset, 2);
    assert.equal(h.result.epoch, p1.result.epoch);
    const reversed = await call(c, 'History', { channel: ch, limit: 1, reverse: true });
    assert.deepEqual(reversed.result.publications.map((p) => p.offset), [2]);
    assert.equal((await call(c, 'HistoryRemove', { channel: ch })).error, null);
    const after = await call(c, 'History', { channel: ch, limit: 10 });
    assert.equal(after.result.publications.length, 0);
    assert.equal(after.result.offset, 2);
  });

  test('API errors come back in the error field', async () => {
    const c = apiClient();
    const unknown = await call(c, 'Publish', { channel: `nope:${user()}`, data: json({}) });
    assert.deepEqual({ code: unknown.error.code, message: unknown.error.message }, { code: 102, message: 'unknown channel' });
    assert.equal(unknown.result, null);
    const noChannel = await call(c, 'Publish', { data: json({}) });
    assert.equal(noChannel.error.code, 107);
    const badB64 = await call(c, 'Publish', { channel: channel('chat'), b64data: '%%%' });
    assert.equal(badB64.error.code, 107);
    assert.equal((await call(c, 'RPC', { method: '' })).error.code, 107);
    assert.equal((await call(c, 'RPC', { method: 'nope' })).error.code, 104);
    const noPresence = await call(c, 'Presence', { channel: channel('public') });
    assert.equal(noPresence.error.code, 108);
  });

  test('transport error mode, asked per call, answers with a gRPC status', async () => {
    const c = apiClient();
    await assert.rejects(
      call(c, 'Publish', { channel: `nope:${user()}`, data: json({}) }, { headers: { 'x-centrifugo-error-mode': 'transport' } }),
      (e) => e.code === grpc.status.NOT_FOUND && e.details === 'unknown channel');
    await assert.rejects(
      call(c, 'Publish', { channel: channel('chat'), b64data: '%' }, { headers: { 'x-centrifugo-error-mode': 'transport' } }),
      (e) => e.code === grpc.status.INVALID_ARGUMENT && e.details === 'bad request');
  });

  test('a missing or wrong key is unauthenticated', async () => {
    const c = apiClient();
    await assert.rejects(call(c, 'Info', {}, { key: null }), (e) => e.code === grpc.status.UNAUTHENTICATED);
    await assert.rejects(call(c, 'Info', {}, { key: 'wrong' }), (e) => e.code === grpc.status.UNAUTHENTICATED);
  });

  test('batch answers each command in order', async () => {
    const ch = channel('chat');
    const r = await call(apiClient(), 'Batch', {
      commands: [
        { publish: { channel: ch, data: json({ b: 1 }) } },
        {},
        { presence_stats: { channel: ch } },
        { publish: { channel: `nope:${user()}`, data: json({}) } },
        { history: { channel: ch, limit: 5 } },
      ],
    });
    assert.equal(r.replies.length, 5);
    assert.equal(r.replies[0].publish.offset, 1);
    assert.equal(r.replies[1].error.code, 104);
    assert.deepEqual(r.replies[2].presence_stats, { num_clients: 0, num_users: 0 });
    assert.equal(r.replies[3].error.code, 102);
    assert.equal(r.replies[4].history.publications.length, 1);
  });

  test('broadcast answers per channel', async () => {
    const r = await call(apiClient(), 'Broadcast', { channels: [channel('chat'), `nope:${user()}`], data: json({ x: 1 }) });
    assert.equal(r.error, null);
    assert.equal(r.result.responses.length, 2);
    assert.equal(r.result.responses[0].result.offset, 1);
    assert.equal(r.result.responses[1].error.code, 102);
  });

  test('methods outside the open-source server API are unimplemented', async () => {
    await assert.rejects(call(apiClient(), 'Connections', { user: 'x' }), (e) => e.code === grpc.status.UNIMPLEMENTED);
  });
});

describe('uni_grpc', { skip: UNI_GRPC_ADDR ? false : 'XS_UNI_GRPC_ADDR not set (no uni_grpc port)' }, () => {
  test('connect push, server-side subscribe, publications, disconnect', async () => {
    const u = user();
    const ch = channel('chat');
    const s = consume(uniClient(), { token: connToken(u), name: 'conformance' });
    try {
      const connect = await take(s, 'connect', 'connect push');
      assert.ok(connect.connect.client.length > 0);
      assert.ok(connect.connect.session.length > 0);
      await apiOk('subscribe', { user: u, channel: ch });
      const sub = await take(s, 'subscribe', 'subscribe push');
      assert.equal(sub.channel, ch);
      assert.notEqual(sub.subscribe, null);
      assert.equal(sub.subscribe.recoverable, true, 'chat has force_recovery');
      await apiOk('publish', { channel: ch, data: { hello: 'grpc' } });
      await apiOk('publish', { channel: ch, data: { hello: 'again' } });
      const pub1 = await take(s, 'pub', 'first publication');
      const pub2 = await take(s, 'pub', 'second publication');
      assert.equal(pub1.channel, ch);
      assert.deepEqual(JSON.parse(pub1.pub.data.toString()), { hello: 'grpc' });
      assert.deepEqual([pub1.pub.offset, pub2.pub.offset], [1, 2]);
      const presence = await apiOk('presence', { channel: ch });
      assert.deepEqual(Object.keys(presence.presence), [connect.connect.client]);
      await apiOk('disconnect', { user: u, disconnect: { code: 4001, reason: 'bye' } });
      const d = await take(s, 'disconnect', 'disconnect push');
      assert.deepEqual({ code: d.disconnect.code, reason: d.disconnect.reason }, { code: 4001, reason: 'bye' });
      const status = await Promise.race([s.ended, new Promise((r) => setTimeout(() => r(null), WAIT_MS))]);
      assert.notEqual(status, null, 'the stream ends');
      assert.equal(status.code, grpc.status.OK);
    } finally {
      s.stream.cancel();
    }
  });

  test('gRPC API methods act on a uni_grpc connection', { skip: GRPC_API_ADDR ? false : 'XS_GRPC_API_ADDR not set' }, async () => {
    const api = apiClient();
    const u = user();
    const ch = channel('chat');
    const s = consume(uniClient(), { token: connToken(u) });
    try {
      const connect = await take(s, 'connect', 'connect push');
      const client = connect.connect.client;
      const sr = await call(api, 'Subscribe', { user: u, channel: ch, b64info: Buffer.from('{"role":"viewer"}').toString('base64') });
      assert.equal(sr.error, null);
      assert.equal((await take(s, 'subscribe', 'subscribe push')).channel, ch);
      const presence = await call(api, 'Presence', { channel: ch });
      assert.deepEqual(Object.keys(presence.result.presence), [client]);
      const info = presence.result.presence[client];
      assert.equal(info.user, u);
      assert.deepEqual(JSON.parse(info.chan_info.toString()), { role: 'viewer' });
      const stats = await call(api, 'PresenceStats', { channel: ch });
      assert.deepEqual(stats.result, { num_clients: 1, num_users: 1 });
      const channels = await call(api, 'Channels', { pattern: ch });
      assert.deepEqual(channels.result.channels, { [ch]: { num_clients: 1 } });
      await call(api, 'Publish', { channel: ch, data: json({ via: 'grpc' }) });
      const pub = await take(s, 'pub', 'publication');
      assert.deepEqual(JSON.parse(pub.pub.data.toString()), { via: 'grpc' });
      const expireAt = Math.floor(Date.now() / 1000) + 3600;
      assert.equal((await call(api, 'Refresh', { user: u, expire_at: expireAt })).error, null);
      const refresh = await take(s, 'refresh', 'refresh push');
      assert.equal(refresh.refresh.expires, true);
      assert.ok(refresh.refresh.ttl > 3500 && refresh.refresh.ttl <= 3600);
      assert.equal((await call(api, 'Unsubscribe', { user: u, channel: ch })).error, null);
      const unsub = await take(s, 'unsubscribe', 'unsubscribe push');
      assert.equal(unsub.channel, ch);
      assert.equal(unsub.unsubscribe.code, 2000);
      assert.equal((await call(api, 'Disconnect', { user: u, whitelist: [client] })).error, null);
      assert.equal((await call(api, 'PresenceStats', { channel: ch })).result.num_clients, 0);
      assert.equal((await call(api, 'Disconnect', { user: u, client, disconnect: { code: 4002, reason: 'later' } })).error, null);
      const d = await take(s, 'disconnect', 'disconnect push');
      assert.equal(d.disconnect.code, 4002);
    } finally {
      s.stream.cancel();
    }
  });

  test('an invalid token ends the stream with a disconnect push', async () => {
    const s = consume(uniClient(), { token: 'not-a-token' });
    try {
      const d = await take(s, 'disconnect', 'disconnect push');
      assert.equal(d.disconnect.code, 3500);
      assert.equal(d.disconnect.reason, 'invalid token');
      const status = await Promise.race([s.ended, new Promise((r) => setTimeout(() => r(null), WAIT_MS))]);
      assert.notEqual(status, null, 'the stream ends');
      assert.equal(status.code, grpc.status.OK);
    } finally {
      s.stream.cancel();
    }
  });

  test('the stream carries the connection until the client cancels it', async () => {
    const u = user();
    const ch = channel('chat');
    const s = consume(uniClient(), { token: connToken(u) });
    await take(s, 'connect', 'connect push');
    await apiOk('subscribe', { user: u, channel: ch });
    await take(s, 'subscribe', 'subscribe push');
    assert.equal((await apiOk('presence_stats', { channel: ch })).num_clients, 1);
    s.stream.cancel();
    const deadline = Date.now() + WAIT_MS;
    while ((await apiOk('presence_stats', { channel: ch })).num_clients !== 0) {
      assert.ok(Date.now() < deadline, 'presence left after cancel');
      await sleep(20);
    }
  });
});
