// client.connection_limit on the features server (6 connections): beyond it, every
// client connection endpoint refuses new connections with HTTP 503 until one leaves.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOLS, user, sleep } from '../lib/helpers.mjs';
import { needsFeatures, withFeaturesPool, rawUpgrade, FEATURES_WS_URL } from '../lib/features.mjs';

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
