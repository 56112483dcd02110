// Map reads in the server API: map_read_state (pages by key with a cursor, one key, a revision
// check), map_read_stream (forward after a position, backward before it), map_stats and
// map_clear, over HTTP (/api/<method> and batch) and, when XS_GRPC_API_ADDR is set, over gRPC.
// Namespaces (conformance/config.json): map_pers (persistent), map_eph (ephemeral, key TTL 60s),
// map_small (stream of 2 changes), chat (a stream namespace).

import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { channel, user, api, apiOk, WAIT_MS } from '../lib/helpers.mjs';

const keys = (r) => (r.entries || []).map((e) => e.key);
const offsets = (r) => (r.entries || []).map((e) => e.offset);

async function fill(ch, pairs) {
  for (const [key, data, tags] of pairs) {
    await apiOk('map_publish', { channel: ch, key, data, ...(tags ? { tags } : {}) });
  }
}

async function fails(method, body, code) {
  const r = await api(method, body);
  assert.equal(r.status, 200, `${method} ${JSON.stringify(body)}: HTTP ${r.status} ${r.text}`);
  assert.equal(r.json?.error?.code, code, `${method} ${JSON.stringify(body)}: ${r.text}`);
}

describe('map reads over HTTP', () => {
  test('map_read_state pages by key with a cursor; limit -1 reads all, 0 the position alone', async () => {
    const ch = channel('map_pers');
    await fill(ch, [['k1', { x: 1 }, { t: '1' }], ['k2', { x: 2 }], ['k0', { x: 0 }]]);

    const all = await apiOk('map_read_state', { channel: ch, limit: -1 });
    assert.deepEqual(keys(all), ['k0', 'k1', 'k2']);
    assert.deepEqual(all.entries[1].data, { x: 1 });
    assert.deepEqual(all.entries[1].tags, { t: '1' });
    assert.deepEqual(offsets(all), [3, 1, 2]);
    assert.ok(all.entries.every((e) => Number.isInteger(e.time) && Math.abs(e.time - Date.now()) < 60000), 'write times');
    assert.equal(all.offset, 3);
    assert.ok(all.epoch.length > 0);
    assert.equal(all.cursor, undefined);

    const first = await apiOk('map_read_state', { channel: ch, limit: 2 });
    assert.deepEqual(keys(first), ['k0', 'k1']);
    assert.equal(first.cursor, 'k1');
    const second = await apiOk('map_read_state', { channel: ch, limit: 2, cursor: first.cursor });
    assert.deepEqual(keys(second), ['k2']);
    assert.equal(second.cursor, undefined);

    const none = await apiOk('map_read_state', { channel: ch });
    assert.deepEqual(none, { offset: 3, epoch: all.epoch });
    assert.deepEqual(keys(await apiOk('map_read_state', { channel: ch, limit: -5 })), ['k0', 'k1', 'k2']);
    assert.deepEqual(keys(await apiOk('map_read_state', { channel: ch, limit: 2, cursor: 'zzz' })), []);
  });

  test('map_read_state of one key ignores the limit; a revision of another epoch is unrecoverable', async () => {
    const ch = channel('map_pers');
    await fill(ch, [['a', 1], ['b', 2]]);
    const one = await apiOk('map_read_state', { channel: ch, key: 'b' });
    assert.deepEqual(keys(one), ['b']);
    assert.equal(one.entries[0].data, 2);
    assert.deepEqual(keys(await apiOk('map_read_state', { channel: ch, key: 'nope', limit: -1 })), []);

    const { epoch } = await apiOk('map_read_state', { channel: ch });
    const same = await apiOk('map_read_state', { channel: ch, limit: 1, revision_offset: 1, revision_epoch: epoch });
    assert.deepEqual(keys(same), ['a']);
    await fails('map_read_state', { channel: ch, limit: 1, revision_epoch: 'other' }, 112);
    await fails('map_read_state', { channel: ch, limit: 1, revision_offset: 1 }, 112);
  });

  test('map_read_stream reads forward after a position and backward before it', async () => {
    const ch = channel('map_pers');
    await fill(ch, [['a', 1], ['b', 2]]);
    await apiOk('map_remove', { channel: ch, key: 'b' });

    const all = await apiOk('map_read_stream', { channel: ch, limit: -1 });
    assert.deepEqual(offsets(all), [1, 2, 3]);
    assert.deepEqual(keys(all), ['a', 'b', 'b']);
    assert.equal(all.entries[2].removed, true);
    assert.ok(all.entries.every((e) => Number.isInteger(e.time)), 'write times');
    assert.equal(all.entries[2].data, undefined);
    assert.equal(all.offset, 3);
    assert.equal((await apiOk('map_read_stream', { channel: ch })).entries, undefined, 'no limit: no entries');
    assert.deepEqual(offsets(await apiOk('map_read_stream', { channel: ch, limit: -1, since_offset: 1 })), [2, 3]);
    assert.deepEqual(offsets(await apiOk('map_read_stream', { channel: ch, limit: 2, reverse: true })), [3, 2]);
    assert.deepEqual(offsets(await apiOk('map_read_stream',
      { channel: ch, limit: -1, since_offset: 3, since_epoch: all.epoch, reverse: true })), [2, 1]);
    await fails('map_read_stream', { channel: ch, limit: -1, since_offset: 1, since_epoch: 'other' }, 112);
  });

  test('map_read_stream refuses a position whose following changes were trimmed', async () => {
    const ch = channel('map_small');
    await fill(ch, [['a', 's'], ['b', 's'], ['c', 's'], ['d', 's']]);
    assert.deepEqual(keys(await apiOk('map_read_stream', { channel: ch, limit: -1 })), ['c', 'd']);
    await fails('map_read_stream', { channel: ch, limit: -1, since_offset: 1 }, 112);
    assert.deepEqual(keys(await apiOk('map_read_stream', { channel: ch, limit: -1, since_offset: 2 })), ['c', 'd']);
  });

  test('an ephemeral map has entries without offsets and a position without one', async () => {
    const ch = channel('map_eph');
    await fill(ch, [['k', { v: 1 }]]);
    const s = await apiOk('map_read_state', { channel: ch, limit: -1 });
    assert.deepEqual(keys(s), ['k']);
    assert.equal(s.offset, undefined);
    assert.equal(s.entries[0].offset, undefined);
    assert.ok(s.epoch.length > 0);
    assert.equal((await apiOk('map_read_stream', { channel: ch, limit: -1 })).entries, undefined);
  });

  test('map_stats counts keys; map_clear drops keys, stream and epoch', async () => {
    const ch = channel('map_pers');
    await fill(ch, [['a', 1], ['b', 2]]);
    assert.deepEqual(await apiOk('map_stats', { channel: ch }), { num_keys: 2 });
    assert.deepEqual(await apiOk('map_stats', { channel: channel('map_pers') }), {});
    const before = await apiOk('map_read_state', { channel: ch });
    assert.deepEqual(await apiOk('map_clear', { channel: ch }), {});
    assert.deepEqual(await apiOk('map_stats', { channel: ch }), {});
    const after = await apiOk('map_read_state', { channel: ch, limit: -1 });
    assert.equal(after.entries, undefined);
    assert.equal(after.offset, undefined);
    assert.notEqual(after.epoch, before.epoch);
    assert.equal((await apiOk('map_publish', { channel: ch, key: 'c', data: 3 })).offset, 1);
    assert.deepEqual(await apiOk('map_clear', { channel: channel('map_eph') }), {});
  });

  test('errors: no channel 107, not a map namespace 107, unknown namespace 102', async () => {
    for (const method of ['map_read_state', 'map_read_stream', 'map_stats', 'map_clear']) {
      await fails(method, {}, 107);
      await fails(method, { channel: channel('chat') }, 107);
      await fails(method, { channel: `nosuchns:${user()}` }, 102);
    }
  });

  test('map reads in a batch', async () => {
    const ch = channel('map_pers');
    await fill(ch, [['a', 1]]);
    const res = await api('batch', {
      commands: [
        { map_stats: { channel: ch } },
        { map_read_state: { channel: ch, limit: -1 } },
        { map_read_stream: { channel: ch, limit: -1 } },
        { map_clear: { channel: ch } },
        { map_stats: { channel: `nosuchns:${user()}` } },
      ],
    });
    assert.equal(res.status, 200, res.text);
    const r = res.json;
    assert.deepEqual(r.replies[0], { map_stats: { num_keys: 1 } });
    assert.deepEqual(keys(r.replies[1].map_read_state), ['a']);
    assert.deepEqual(offsets(r.replies[2].map_read_stream), [1]);
    assert.deepEqual(r.replies[3], { map_clear: {} });
    assert.equal(r.replies[4].error.code, 102);
  });
});

const GRPC_API_ADDR = process.env.XS_GRPC_API_ADDR || '';
const GRPC_API_KEY = process.env.XS_GRPC_API_KEY || 'conformance-grpc-key';
const clients = [];
after(() => clients.forEach((c) => c.close()));

function grpcApi() {
  const protoDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'engine-grpc', 'src', 'main', 'proto');
  const def = protoLoader.loadSync(path.join(protoDir, 'centrifugo_api.proto'),
    { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true });
  const { CentrifugoApi } = grpc.loadPackageDefinition(def).centrifugal.centrifugo.api;
  const c = new CentrifugoApi(GRPC_API_ADDR, grpc.credentials.createInsecure());
  clients.push(c);
  return c;
}

function call(client, method, req) {
  const md = new grpc.Metadata();
  md.set('authorization', `apikey ${GRPC_API_KEY}`);
  return new Promise((resolve, reject) => {
    client[method](req, md, { deadline: Date.now() + WAIT_MS }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

describe('map reads over gRPC', { skip: GRPC_API_ADDR ? false : 'XS_GRPC_API_ADDR not set (no gRPC API port)' }, () => {
  test('MapReadState, MapReadStream, MapStats, MapClear', async () => {
    const c = grpcApi();
    const ch = channel('map_pers');
    for (const k of ['b', 'a', 'c']) {
      const r = await call(c, 'MapPublish', { channel: ch, key: k, data: Buffer.from(JSON.stringify(k)), tags: { t: k } });
      assert.equal(r.error, null);
    }
    const page = await call(c, 'MapReadState', { channel: ch, limit: 2 });
    assert.equal(page.error, null);
    assert.deepEqual(keys(page.result), ['a', 'b']);
    assert.equal(page.result.cursor, 'b');
    assert.equal(page.result.offset, 3);
    assert.deepEqual(page.result.entries[0].tags, { t: 'a' });
    assert.equal(page.result.entries[0].data.toString(), '"a"');
    const stream = await call(c, 'MapReadStream', { channel: ch, limit: -1, reverse: true });
    assert.deepEqual(offsets(stream.result), [3, 2, 1]);
    assert.equal((await call(c, 'MapStats', { channel: ch })).result.num_keys, 3);
    assert.equal((await call(c, 'MapReadState', { channel: ch, limit: 1, revision_epoch: 'x' })).error.code, 112);
    assert.equal((await call(c, 'MapStats', { channel: `nosuchns:${user()}` })).error.code, 102);
    const batch = await call(c, 'Batch', { commands: [{ map_clear: { channel: ch } }, { map_stats: { channel: ch } }] });
    assert.deepEqual(batch.replies.map((r) => r.error), [null, null]);
    assert.equal(batch.replies[1].map_stats.num_keys, 0);
  });
});
