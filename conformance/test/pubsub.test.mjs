// Subscriptions, publications and channel permissions.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROTOCOLS, withPool, user, channel, subToken, apiOk, waitEvent, waitEither, record, until,
  encodeData, decodeData, rejects, within, sleep,
} from '../lib/helpers.mjs';

/** Subscribe and expect a refusal; resolves with the `unsubscribed` context. */
async function refusedSubscribe(client, ch, options = {}) {
  const sub = client.newSubscription(ch, options);
  const errors = record(sub, 'error');
  const p = waitEither(sub, 'unsubscribed', 'subscribed', { label: `refusal for ${ch}` });
  sub.subscribe();
  const { event, ctx } = await p;
  assert.equal(event, 'unsubscribed', `subscription to ${ch} must be refused`);
  assert.equal(sub.state, 'unsubscribed');
  return { sub, ctx, errors };
}

for (const proto of PROTOCOLS) {
  describe(proto.name, () => {
    test('subscribe / publish round trip (client publish and API publish)', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('chat');
        const ua = user('a');
        const ub = user('b');
        const a = await pool.connect(ua);
        const b = await pool.connect(ub);
        const { sub: subA, ctx: subCtxA } = await pool.subscribe(a, ch);
        const { sub: subB } = await pool.subscribe(b, ch);
        assert.equal(subCtxA.channel, ch);
        assert.equal(subA.state, 'subscribed');

        const pubsA = record(subA, 'publication');
        const pubsB = record(subB, 'publication');

        // Client publish from B (chat allows publish for subscribers).
        const res = await within(subB.publish(encodeData(proto, { text: 'hello', n: 1 })), { label: 'publish' });
        assert.deepEqual(res, {});
        await until(() => pubsA.length === 1 && pubsB.length === 1, { label: 'client publication on both' });
        for (const p of [pubsA[0], pubsB[0]]) {
          assert.equal(p.channel, ch);
          assert.deepEqual(decodeData(proto, p.data), { text: 'hello', n: 1 });
          assert.equal(p.info.user, ub);
          assert.equal(p.info.client, b.connectedCtx.client);
          assert.equal(p.offset, 1);
        }

        // Server API publish: no publisher info, next offset, tags delivered.
        const api = await apiOk('publish', { channel: ch, data: { text: 'from api' }, tags: { k: 'v' } });
        assert.equal(api.offset, 2);
        assert.equal(typeof api.epoch, 'string');
        assert.ok(api.epoch.length > 0);
        await until(() => pubsA.length === 2 && pubsB.length === 2, { label: 'API publication on both' });
        for (const p of [pubsA[1], pubsB[1]]) {
          assert.deepEqual(decodeData(proto, p.data), { text: 'from api' });
          assert.equal(p.info, undefined);
          assert.equal(p.offset, 2);
          assert.deepEqual(p.tags, { k: 'v' });
        }
        assert.equal(subCtxA.streamPosition.epoch, api.epoch, 'same epoch as the subscribe reply');
      });
    });

    test('100 API publications arrive in exact order without loss', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('public');
        const c = await pool.connect(user());
        const { sub } = await pool.subscribe(c, ch);
        const pubs = record(sub, 'publication');
        let epoch = null;
        for (let i = 0; i < 100; i += 1) {
          const r = await apiOk('publish', { channel: ch, data: { seq: i } });
          assert.equal(r.offset, i + 1);
          if (epoch === null) epoch = r.epoch;
          assert.equal(r.epoch, epoch);
        }
        await until(() => pubs.length >= 100, { timeout: 5000, label: '100 publications' });
        await sleep(100);
        assert.equal(pubs.length, 100, 'no duplicates');
        assert.deepEqual(pubs.map((p) => decodeData(proto, p.data).seq), [...Array(100).keys()]);
        assert.deepEqual(pubs.map((p) => p.offset), [...Array(100).keys()].map((i) => i + 1));
      });
    });

    test('unknown namespace: subscribe refused with 102', async () => {
      await withPool(proto, async (pool) => {
        const c = await pool.connect(user());
        const { ctx, errors } = await refusedSubscribe(c, channel('nosuchns'));
        assert.equal(ctx.code, 102);
        assert.equal(ctx.reason, 'unknown channel');
        assert.equal(errors.length, 0, 'a permanent error is not reported as a retryable error');
        assert.equal(c.state, 'connected', 'connection survives');
      });
    });

    test('channel without namespace (no permissions): subscribe refused with 103', async () => {
      await withPool(proto, async (pool) => {
        const c = await pool.connect(user());
        const { ctx } = await refusedSubscribe(c, channel(''));
        assert.equal(ctx.code, 103);
        assert.equal(ctx.reason, 'permission denied');
      });
    });

    test('subscription-token namespace: refused (103) without token, granted via getToken', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        const c = await pool.connect(u);
        const ch = channel('secure');
        const { ctx } = await refusedSubscribe(c, ch);
        assert.equal(ctx.code, 103);
        assert.equal(ctx.reason, 'permission denied');
        c.removeSubscription(c.getSubscription(ch));

        const asked = [];
        const { sub, ctx: ok } = await pool.subscribe(c, ch, {
          getToken: async (tctx) => {
            asked.push(tctx.channel);
            return subToken(u, ch);
          },
        });
        assert.deepEqual(asked, [ch]);
        assert.equal(ok.channel, ch);
        const pub = waitEvent(sub, 'publication');
        await apiOk('publish', { channel: ch, data: { secure: true } });
        assert.deepEqual(decodeData(proto, (await pub).data), { secure: true });
      });
    });

    test('subscription token signed with a wrong key: refused with 103', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        const c = await pool.connect(u);
        const ch = channel('secure');
        const { ctx } = await refusedSubscribe(c, ch, { token: subToken(u, ch).slice(0, -4) + 'AAAA' });
        assert.equal(ctx.code, 103);
        assert.equal(c.state, 'connected');
      });
    });

    test('subscription token for another channel: connection closed with 3500', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        const c = await pool.connect(u);
        const ch = channel('secure');
        const disconnected = waitEvent(c, 'disconnected');
        c.newSubscription(ch, { token: subToken(u, channel('secure')) }).subscribe();
        const ctx = await disconnected;
        assert.equal(ctx.code, 3500);
        assert.equal(ctx.reason, 'invalid token');
      });
    });

    test('private $ channel: refused (103) without token, granted with token', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        const c = await pool.connect(u);
        // chat allows client subscriptions, but the $ prefix still demands a token.
        const ch = `$${channel('chat')}`;
        const { ctx } = await refusedSubscribe(c, ch);
        assert.equal(ctx.code, 103);
        c.removeSubscription(c.getSubscription(ch));

        const { sub, ctx: ok } = await pool.subscribe(c, ch, { token: subToken(u, ch) });
        assert.equal(ok.channel, ch);
        assert.equal(ok.recoverable, true, 'chat namespace options apply to $chat: channels');
        const pub = waitEvent(sub, 'publication');
        await apiOk('publish', { channel: ch, data: { private: 1 } });
        const got = await pub;
        assert.deepEqual(decodeData(proto, got.data), { private: 1 });
        assert.equal(got.channel, ch);
      });
    });

    test('client publish permissions: subscriber may publish in chat, refused 103 elsewhere', async () => {
      await withPool(proto, async (pool) => {
        const u = user();
        const c = await pool.connect(u);

        // chat: allowed for subscribers only.
        const chat = channel('chat');
        const notSubscribed = await rejects(c.publish(chat, encodeData(proto, { x: 1 })), { label: 'publish refusal' });
        assert.equal(notSubscribed.code, 103);
        assert.equal(notSubscribed.message, 'permission denied');
        const { sub } = await pool.subscribe(c, chat);
        const pub = waitEvent(sub, 'publication');
        assert.deepEqual(await within(c.publish(chat, encodeData(proto, { x: 2 }))), {});
        const got = await pub;
        assert.deepEqual(decodeData(proto, got.data), { x: 2 });
        assert.equal(got.info.user, u);

        // public: subscribed, but publishing is not allowed.
        const pubCh = channel('public');
        const { sub: psub } = await pool.subscribe(c, pubCh);
        const e2 = await rejects(psub.publish(encodeData(proto, { y: 1 })), { label: 'publish refusal' });
        assert.equal(e2.code, 103);

        // unknown namespace.
        const e3 = await rejects(c.publish(channel('nosuchns'), encodeData(proto, { z: 1 })));
        assert.equal(e3.code, 102);
        assert.equal(c.state, 'connected');
      });
    });

    test('unsubscribe stops delivery', async () => {
      await withPool(proto, async (pool) => {
        const ch = channel('chat');
        const c = await pool.connect(user());
        const { sub } = await pool.subscribe(c, ch);
        const pubs = record(sub, 'publication');
        const unsub = waitEvent(sub, 'unsubscribed');
        sub.unsubscribe();
        const ctx = await unsub;
        assert.equal(ctx.code, 0);
        await apiOk('publish', { channel: ch, data: { late: true } });
        await sleep(200);
        assert.equal(pubs.length, 0);
        const stats = await apiOk('presence_stats', { channel: ch });
        assert.deepEqual(stats, { num_clients: 0, num_users: 0 });
      });
    });
  });
}
