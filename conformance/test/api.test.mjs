// Server HTTP API: authentication, methods and reply shapes; disconnect via the API.
//
// Pure API checks do not involve a client protocol and run once ("api");
// checks that observe a client run once per client protocol.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROTOCOLS, API_KEY, withPool, user, channel, api, apiOk, waitEvent, record, sleep,
} from '../lib/helpers.mjs';

describe('api', () => {
  test('authentication: missing or wrong key 401, X-API-Key and "apikey" header 200', async () => {
    const body = { channel: channel('public'), data: { a: 1 } };
    const none = await api('publish', body, { key: null });
    assert.equal(none.status, 401);
    const wrong = await api('publish', body, { key: 'wrong-key' });
    assert.equal(wrong.status, 401);
    const viaHeader = await api('publish', body);
    assert.equal(viaHeader.status, 200);
    const viaAuth = await api('publish', body, { key: null, headers: { Authorization: `apikey ${API_KEY}` } });
    assert.equal(viaAuth.status, 200);
    assert.equal(viaAuth.json.result.offset, 2);
  });

  test('publish: reply shapes with and without history, unknown namespace 102', async () => {
    const withHist = await api('publish', { channel: channel('public'), data: { v: 1 } });
    assert.equal(withHist.status, 200);
    assert.match(withHist.contentType, /application\/json/);
    assert.deepEqual(Object.keys(withHist.json.result).sort(), ['epoch', 'offset']);
    assert.equal(withHist.json.result.offset, 1);

    const noHist = await api('publish', { channel: channel(''), data: { v: 1 } });
    assert.deepEqual(noHist.json, { result: {} });

    const unknown = await api('publish', { channel: channel('nosuchns'), data: { v: 1 } });
    assert.equal(unknown.status, 200);
    assert.deepEqual(unknown.json, { error: { code: 102, message: 'unknown channel' } });

    const noData = await api('publish', { channel: channel('public') });
    assert.equal(noData.json.error.code, 107, 'empty data is a bad request');
  });

  test('broadcast: one response per channel, in request order', async () => {
    const a = channel('public');
    const b = channel('chat');
    const r = await apiOk('broadcast', { channels: [a, b, channel('nosuchns'), channel('')], data: { all: 1 } });
    assert.equal(r.responses.length, 4);
    assert.equal(r.responses[0].result.offset, 1);
    assert.equal(r.responses[1].result.offset, 1);
    assert.notEqual(r.responses[0].result.epoch, undefined);
    assert.deepEqual(r.responses[2], { error: { code: 102, message: 'unknown channel' } });
    assert.deepEqual(r.responses[3], { result: {} });
    const h = await apiOk('history', { channel: b, limit: 10 });
    assert.deepEqual(h.publications, [{ data: { all: 1 }, offset: 1 }]);
  });

  test('history and history_remove', async () => {
    const ch = channel('public');
    for (let i = 1; i <= 3; i += 1) await apiOk('publish', { channel: ch, data: { i }, tags: { t: String(i) } });
    const h = await apiOk('history', { channel: ch, limit: 2 });
    assert.deepEqual(h.publications, [
      { data: { i: 1 }, offset: 1, tags: { t: '1' } },
      { data: { i: 2 }, offset: 2, tags: { t: '2' } },
    ]);
    assert.equal(h.offset, 3);
    const rev = await apiOk('history', { channel: ch, limit: 1, reverse: true });
    assert.deepEqual(rev.publications.map((p) => p.offset), [3]);
    const top = await apiOk('history', { channel: ch, limit: 0 });
    assert.deepEqual(top, { publications: [], epoch: h.epoch, offset: 3 });
    const bad = await api('history', { channel: ch, limit: 10, since: { offset: 1, epoch: 'wrong' } });
    assert.deepEqual(bad.json, { error: { code: 112, message: 'unrecoverable position' } });

    assert.deepEqual(await apiOk('history_remove', { channel: ch }), {});
    const after = await apiOk('history', { channel: ch, limit: -1 });
    assert.deepEqual(after, { publications: [], epoch: h.epoch, offset: 3 }, 'epoch and top offset survive');
    const next = await apiOk('publish', { channel: ch, data: { i: 4 } });
    assert.equal(next.offset, 4);
  });

  test('presence on a namespace without presence: 108; unknown namespace: 102', async () => {
    const r = await api('presence', { channel: channel('public') });
    assert.deepEqual(r.json, { error: { code: 108, message: 'not available' } });
    const s = await api('presence_stats', { channel: channel('nosuchns') });
    assert.deepEqual(s.json, { error: { code: 102, message: 'unknown channel' } });
    const empty = await apiOk('presence', { channel: channel('chat') });
    assert.deepEqual(empty, { presence: {} });
    assert.deepEqual(await apiOk('presence_stats', { channel: channel('chat') }), { num_clients: 0, num_users: 0 });
  });

  test('history on a namespace without history: 108', async () => {
    const r = await api('history', { channel: channel(''), limit: 10 });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { error: { code: 108, message: 'not available' } });
  });

  test('unknown API method: HTTP 404; bad JSON body: HTTP 400', async () => {
    const unknown = await api('no_such_method', {});
    assert.equal(unknown.status, 404);
    const bad = await api('publish', undefined, { headers: {}, rawBody: 'not json' });
    assert.equal(bad.status, 400);
  });

  test('info: node list shape', async () => {
    const r = await apiOk('info', {});
    assert.ok(Array.isArray(r.nodes) && r.nodes.length >= 1);
    const n = r.nodes[0];
    for (const k of ['uid', 'name', 'version']) assert.equal(typeof n[k], 'string', `node.${k}`);
    for (const k of ['num_clients', 'num_users', 'num_channels', 'num_subs']) {
      assert.equal(typeof n[k], 'number', `node.${k}`);
    }
    assert.ok(n.uid.length > 0);
  });

  test('batch: replies keyed by method, in order, errors inline', async () => {
    const ch = channel('public');
    const res = await api('batch', {
      commands: [
        { publish: { channel: ch, data: { b: 1 } } },
        { presence_stats: { channel: ch } },
        { history: { channel: ch, limit: 10 } },
        { publish: { channel: channel('nosuchns'), data: { b: 2 } } },
      ],
    });
    assert.equal(res.status, 200);
    // The batch reply is not wrapped in "result": the top-level object holds "replies".
    assert.deepEqual(Object.keys(res.json), ['replies']);
    const r = res.json;
    assert.equal(r.replies.length, 4);
    assert.equal(r.replies[0].publish.offset, 1);
    assert.deepEqual(r.replies[1], { error: { code: 108, message: 'not available' } });
    assert.deepEqual(r.replies[2].history.publications, [{ data: { b: 1 }, offset: 1 }]);
    assert.deepEqual(r.replies[3], { error: { code: 102, message: 'unknown channel' } });
  });
});

for (const proto of PROTOCOLS) {
  describe(proto.name, () => {
    test('channels: lists active channels with client counts', async () => {
      await withPool(proto, async (pool) => {
        const tag = `chan-${Math.random().toString(36).slice(2, 10)}`;
        const ch = `chat:${tag}`;
        const c1 = await pool.connect(user());
        const c2 = await pool.connect(user());
        await pool.subscribe(c1, ch);
        await pool.subscribe(c2, ch);
        const r = await apiOk('channels', { pattern: `chat:${tag}*` });
        assert.deepEqual(r, { channels: { [ch]: { num_clients: 2 } } });
        const none = await apiOk('channels', { pattern: `chat:${tag}-none*` });
        assert.deepEqual(none, { channels: {} });
      });
    });

    test('disconnect via API with custom code 4500: terminal, code and reason delivered', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        const c = await pool.connect(u);
        const connecting = record(c, 'connecting');
        const disconnected = waitEvent(c, 'disconnected');
        assert.deepEqual(await apiOk('disconnect', { user: u, disconnect: { code: 4500, reason: 'custom terminal' } }), {});
        const ctx = await disconnected;
        assert.equal(ctx.code, 4500);
        assert.equal(ctx.reason, 'custom terminal');
        await sleep(300);
        assert.equal(c.state, 'disconnected');
        assert.equal(connecting.length, 0, 'no reconnect');
      });
    });

    test('disconnect via API without code: 3503 force disconnect', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        const c = await pool.connect(u);
        const bystander = await pool.connect(user());
        const disconnected = waitEvent(c, 'disconnected');
        await apiOk('disconnect', { user: u });
        const ctx = await disconnected;
        assert.equal(ctx.code, 3503);
        assert.equal(ctx.reason, 'force disconnect');
        await sleep(200);
        assert.equal(bystander.state, 'connected', 'other users are untouched');
      });
    });

    test('disconnect via API with code 4000: client reconnects', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        const c = await pool.connect(u);
        const first = c.connectedCtx.client;
        const connecting = waitEvent(c, 'connecting', { timeout: 8000 });
        const reconnected = waitEvent(c, 'connected', { timeout: 8000 });
        reconnected.catch(() => {}); // awaited below; avoids an unhandled rejection if `connecting` fails first
        await apiOk('disconnect', { user: u, disconnect: { code: 4000, reason: 'please reconnect' } });
        const cctx = await connecting;
        assert.equal(cctx.code, 4000);
        assert.equal(cctx.reason, 'please reconnect');
        const r = await reconnected;
        assert.notEqual(r.client, first, 'a new connection');
      });
    });

    test('disconnect via API of one client id leaves the user\'s other connections', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        const c1 = await pool.connect(u);
        const c2 = await pool.connect(u);
        const d = waitEvent(c1, 'disconnected');
        await apiOk('disconnect', { user: u, client: c1.connectedCtx.client });
        assert.equal((await d).code, 3503);
        await sleep(200);
        assert.equal(c2.state, 'connected');
      });
    });

    test('binary publication (b64data): protobuf client gets the bytes, JSON client is closed with 3506', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('public');
        const c = await pool.connect(user());
        const { sub } = await pool.subscribe(c, ch);
        const bytes = [0, 1, 2, 255];
        if (proto.binary) {
          const pub = waitEvent(sub, 'publication');
          await apiOk('publish', { channel: ch, b64data: Buffer.from(bytes).toString('base64') });
          const p = await pub;
          assert.ok(p.data instanceof Uint8Array);
          assert.deepEqual([...p.data], bytes);
        } else {
          const pubs = record(sub, 'publication');
          const d = waitEvent(c, 'disconnected');
          await apiOk('publish', { channel: ch, b64data: Buffer.from(bytes).toString('base64') });
          const ctx = await d;
          assert.equal(ctx.code, 3506);
          assert.equal(ctx.reason, 'inappropriate protocol');
          assert.equal(pubs.length, 0);
        }
      });
    });
  });
}
