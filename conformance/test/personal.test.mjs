// client.subscribe_to_user_personal_channel on the features server
// (conformance/config-features.json: namespace `personal` with presence and
// force_recovery, single_connection on): every connection with a user gets a
// server-side subscription to `personal:#<user>`, and a new connection of the same
// user disconnects the older one with 3504 "connection limit".

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOLS, user, connToken, waitEvent, waitEither, record, until, decodeData } from '../lib/helpers.mjs';
import { needsFeatures, withFeaturesPool, featuresApi } from '../lib/features.mjs';

async function connect(pool, sub) {
  const c = pool.make({ token: connToken(sub) });
  const subscribed = waitEvent(c, 'subscribed', { filter: (x) => x.channel === `personal:#${sub}` });
  const p = waitEither(c, 'connected', 'disconnected', { label: 'connected' });
  c.connect();
  const { event, ctx } = await p;
  assert.equal(event, 'connected', `connect refused: ${JSON.stringify(ctx)}`);
  return { c, subscribed: await subscribed };
}

for (const proto of PROTOCOLS) {
  describe(proto.name, { skip: needsFeatures }, () => {
    test('a connection is subscribed to its personal channel', async () => {
      await withFeaturesPool(proto, async (pool) => {
        const u = user();
        const { c, subscribed } = await connect(pool, u);
        assert.equal(subscribed.channel, `personal:#${u}`);
        assert.equal(subscribed.recoverable, true, 'the namespace forces recovery');
        assert.equal(subscribed.positioned, true);
        const pubs = record(c, 'publication');
        await featuresApi('publish', { channel: `personal:#${u}`, data: { hello: u } });
        await until(() => pubs.length === 1, { label: 'publication on the personal channel' });
        assert.equal(pubs[0].channel, `personal:#${u}`);
        assert.deepEqual(decodeData(proto, pubs[0].data), { hello: u });
        const presence = await featuresApi('presence', { channel: `personal:#${u}` });
        assert.deepEqual(Object.values(presence.presence).map((i) => i.user), [u]);
      });
    });

    test('single_connection: a new connection of the user disconnects the older one with 3504', async () => {
      await withFeaturesPool(proto, async (pool) => {
        const u = user();
        const { c: first } = await connect(pool, u);
        const gone = waitEvent(first, 'disconnected', { label: 'the older connection to be disconnected' });
        const { c: second } = await connect(pool, u);
        const ctx = await gone;
        assert.equal(ctx.code, 3504);
        assert.equal(ctx.reason, 'connection limit');
        assert.equal(second.state, 'connected');
        const pubs = record(second, 'publication');
        await featuresApi('publish', { channel: `personal:#${u}`, data: { n: 1 } });
        await until(() => pubs.length === 1, { label: 'publication for the remaining connection' });
        // Another user's connection is left alone.
        const other = user();
        const { c: third } = await connect(pool, other);
        assert.equal(second.state, 'connected');
        assert.equal(third.state, 'connected');
      });
    });
  });
}
