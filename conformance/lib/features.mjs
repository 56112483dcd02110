// The second server of the suite for scenarios that need global settings the main
// configuration must not have (conformance/config-features.json): the personal
// channel with single_connection, and a node connection limit.
//
//   XS_FEATURES_WS_URL   its client WebSocket endpoint; the scenarios are skipped without it
//   XS_FEATURES_API_URL  its server HTTP API base

import WebSocket from 'ws';
import { API_KEY, Pool } from './helpers.mjs';

export const FEATURES_WS_URL = process.env.XS_FEATURES_WS_URL || '';
export const FEATURES_API_URL = (process.env.XS_FEATURES_API_URL || '').replace(/\/+$/, '');

/** The `skip` option of a describe block that needs the features server. */
export const needsFeatures = FEATURES_WS_URL && FEATURES_API_URL
  ? false
  : 'XS_FEATURES_WS_URL / XS_FEATURES_API_URL not set (no server with conformance/config-features.json)';

/** A client pool on the features server. */
export class FeaturesPool extends Pool {
  make(options = {}) {
    const c = new this.proto.Centrifuge(FEATURES_WS_URL, {
      websocket: WebSocket,
      timeout: 4000,
      minReconnectDelay: 100,
      maxReconnectDelay: 1000,
      ...options,
    });
    c.errors = [];
    c.on('error', (e) => c.errors.push(e));
    this.clients.push(c);
    return c;
  }
}

/** Run `fn(pool)` on the features server and always disconnect the clients it made. */
export async function withFeaturesPool(proto, fn) {
  const pool = new FeaturesPool(proto);
  try {
    return await fn(pool);
  } finally {
    pool.close();
  }
}

/** A server API call on the features server; resolves with the `result` member. */
export async function featuresApi(method, body) {
  const res = await fetch(`${FEATURES_API_URL}/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': API_KEY },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const json = await res.json();
  if (res.status !== 200 || json.error) {
    throw new Error(`${method}: HTTP ${res.status} ${JSON.stringify(json)}`);
  }
  return json.result || {};
}

/**
 * Opens a raw WebSocket to the features server; resolves with {ws, status}: the open socket,
 * or the HTTP status of a refused upgrade.
 */
export function rawUpgrade(url = FEATURES_WS_URL) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('upgrade did not complete'));
    }, 4000);
    ws.on('open', () => {
      clearTimeout(timer);
      resolve({ ws, status: 101 });
    });
    ws.on('unexpected-response', (req, res) => {
      clearTimeout(timer);
      res.resume();
      req.destroy();
      resolve({ ws: null, status: res.statusCode });
    });
    ws.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
