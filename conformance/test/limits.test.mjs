// Limits on the features server (conformance/config-features.json): connection_limit 6
// (beyond it every client connection endpoint answers HTTP 503 until a connection leaves),
// channel_limit 3, history_max_publication_limit 2, recovery_max_publication_limit 3 and
// channel.max_length 48, in namespace `open` (history 20, recovery allowed).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOLS, user, sleep, channel, waitEvent, record, until, decodeData } from '../lib/helpers.mjs';
import { needsFeatures, withFeaturesPool, featuresApi, rawUpgrade, FEATURES_WS_URL } from '../lib/features.mjs';

const LIMIT = 6;

/** Polls with raw upgrades (bounded) until one gets `status`; an accepted socket is closed again. */
async function upgradeAnswers(status) {
  for (let i = 0; i < 200; i++) {
    const r = await rawUpgrade();
    r.ws?.close();
    if (r.status === status) return;
    await sleep(20);
  }
  throw new Error(`upgrades never answered ${status}`);
}

const base = FEATURES_WS_URL.replace(/^ws/, 'http').replace(/\/connection\/websocket$/, '');

describe('connection_limit', { skip: needsFeatures }, () => {
  test('a new connection beyond the node limit gets HTTP 503 on every transport', async () => {
    await withFeaturesPool(PROTOCOLS[0], async (pool) => {
      // Connect until the node refuses: connections of earlier scenarios may still be
      // leaving, so the count is at most the limit.
      const clients = [];
      for (let i = 0; i <= LIMIT; i++) {
        const r = await rawUpgrade();
        r.ws?.close();
        if (r.status === 503) break;
        assert.equal(r.status, 101);
        clients.push(await pool.connect(user()));
      }
      assert.ok(clients.length >= 1 && clients.length <= LIMIT, `${clients.length} connections before the limit`);
      assert.equal((await rawUpgrade()).status, 503);
      for (const path of ['/connection/sse', '/connection/uni_sse', '/connection/http_stream']) {
        const res = await fetch(base + path, { method: path.endsWith('http_stream') ? 'POST' : 'GET',
          signal: AbortSignal.timeout(4000) });
        assert.equal(res.status, 503, path);
        await res.body?.cancel();
      }
      clients[0].disconnect();
      await upgradeAnswers(101);
    });
  });
});

async function refusal(c, ch, options = {}) {
  const s = c.newSubscription(ch, options);
  const out = waitEvent(s, 'unsubscribed', { label: `refusal of ${ch}` });
  s.subscribe();
  const ctx = await out;
  c.removeSubscription(s);
  return ctx.code;
}

async function publishMany(ch, n) {
  const positions = [];
  for (let i = 1; i <= n; i++) {
    positions.push(await featuresApi('publish', { channel: ch, data: { i } }));
  }
  return positions;
}

for (const proto of PROTOCOLS) {
  describe(`per-connection limits ${proto.name}`, { skip: needsFeatures }, () => {
    test('channel_limit: the personal channel counts, a subscription beyond the limit gets 106', async () => {
      await withFeaturesPool(proto, async (pool) => {
        const c = await pool.connect(user());
        await pool.subscribe(c, channel('open'));
        await pool.subscribe(c, channel('open'));
        assert.equal(await refusal(c, channel('open')), 106);
      });
    });

    test('history_max_publication_limit caps a client history call', async () => {
      await withFeaturesPool(proto, async (pool) => {
        const ch = channel('open');
        await publishMany(ch, 5);
        const c = await pool.connect(user());
        const { sub } = await pool.subscribe(c, ch);
        const h = await sub.history({ limit: 10 });
        assert.deepEqual(h.publications.map((p) => p.offset), [1, 2]);
        assert.equal(h.offset, 5);
      });
    });

    test('recovery_max_publication_limit: more missed publications than the limit are not recovered', async () => {
      await withFeaturesPool(proto, async (pool) => {
        const ch = channel('open');
        const [p1, p2] = await publishMany(ch, 5);
        const c = await pool.connect(user());
        for (const [since, recovered, offsets] of [[p1, false, []], [p2, true, [3, 4, 5]]]) {
          const s = c.newSubscription(ch, { recoverable: true, since: { offset: since.offset, epoch: since.epoch } });
          const pubs = record(s, 'publication');
          const subscribed = waitEvent(s, 'subscribed');
          s.subscribe();
          const ctx = await subscribed;
          assert.equal(ctx.wasRecovering, true);
          assert.equal(ctx.recovered, recovered, `from offset ${since.offset}: ${JSON.stringify(ctx)}`);
          if (offsets.length) await until(() => pubs.length === offsets.length, { label: 'recovered publications' });
          assert.deepEqual(pubs.map((p) => p.offset), offsets);
          assert.deepEqual(pubs.map((p) => decodeData(proto, p.data).i), offsets);
          s.unsubscribe();
          c.removeSubscription(s);
        }
      });
    });

    test('channel.max_length: a longer channel name is refused with 107', async () => {
      await withFeaturesPool(proto, async (pool) => {
        const c = await pool.connect(user());
        assert.equal(await refusal(c, `open:${'x'.repeat(48)}`), 107);
        await pool.subscribe(c, `open:${'x'.repeat(48 - 'open:'.length)}`);
      });
    });
  });
}
