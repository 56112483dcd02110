// Shared helpers for the conformance scenarios.
//
// Everything a scenario needs to talk to a Centrifugo-compatible server:
// configuration from the environment, HS256 token minting, the server HTTP API,
// both official client builds (JSON and Protobuf) and bounded waiting primitives.

import { createHmac, randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { Centrifuge as JsonCentrifuge } from 'centrifuge';
import { Centrifuge as ProtobufCentrifuge } from 'centrifuge/build/protobuf';

export const WS_URL = process.env.XS_WS_URL || 'ws://127.0.0.1:8000/connection/websocket';
export const API_URL = (process.env.XS_API_URL || 'http://127.0.0.1:8000/api').replace(/\/+$/, '');
export const SECRET = process.env.XS_SECRET || 'conformance-secret';
export const API_KEY = process.env.XS_API_KEY || 'conformance-api-key';

/** Default bound for waiting on a single event. */
export const WAIT_MS = Number(process.env.XS_WAIT_MS || 4000);

/** Both client builds. Every scenario is run once per entry. */
export const PROTOCOLS = [
  { name: 'json', Centrifuge: JsonCentrifuge, binary: false },
  { name: 'protobuf', Centrifuge: ProtobufCentrifuge, binary: true },
];

// ---------------------------------------------------------------- identifiers

/** Random suffix so concurrent or repeated runs never share channels or users. */
export function rnd(len = 10) {
  return randomBytes(16).toString('hex').slice(0, len);
}

/** A fresh channel name in a namespace (`ns` may be '' for without_namespace). */
export function channel(ns, prefix = 'c') {
  return ns ? `${ns}:${prefix}-${rnd()}` : `${prefix}-${rnd()}`;
}

/** A fresh user id. */
export function user(prefix = 'u') {
  return `${prefix}-${rnd(8)}`;
}

export const nowSec = () => Math.floor(Date.now() / 1000);

// ---------------------------------------------------------------- tokens

function b64url(buf) {
  return Buffer.from(buf).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Mint an HS256 JWT with the given claims. */
export function jwt(claims, secret = SECRET) {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify(claims));
  const sig = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${header}.${payload}`).digest();
  return `${header}.${payload}.${b64url(sig)}`;
}

/** Connection token for a user, valid for an hour unless claims say otherwise. */
export function connToken(sub, extra = {}) {
  return jwt({ sub, exp: nowSec() + 3600, ...extra });
}

/** Subscription token for (user, channel). */
export function subToken(sub, ch, extra = {}) {
  return jwt({ sub, channel: ch, exp: nowSec() + 3600, ...extra });
}

// ---------------------------------------------------------------- server API

/** Raw server API call. Returns {status, json, text, contentType}. Never throws on HTTP errors. */
export async function api(method, body, { key = API_KEY, headers = {}, timeout = 5000, rawBody } = {}) {
  const h = { 'Content-Type': 'application/json', ...headers };
  if (key !== null) h['X-API-Key'] = key;
  const res = await fetch(`${API_URL}/${method}`, {
    method: 'POST',
    headers: h,
    body: rawBody !== undefined ? rawBody : body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeout),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json, text, contentType: res.headers.get('content-type') || '' };
}

/** Server API call that must succeed: HTTP 200, no `error`. Returns `result`. */
export async function apiOk(method, body) {
  const r = await api(method, body);
  assert.equal(r.status, 200, `API ${method}: HTTP ${r.status} ${r.text}`);
  assert.ok(r.json && typeof r.json === 'object', `API ${method}: body is not JSON: ${r.text}`);
  assert.equal(r.json.error, undefined, `API ${method}: error ${JSON.stringify(r.json.error)}`);
  assert.ok('result' in r.json, `API ${method}: no result in ${r.text}`);
  return r.json.result;
}

// ---------------------------------------------------------------- payloads

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Encode a JSON value for a client publish (Protobuf clients carry raw bytes). */
export function encodeData(proto, value) {
  return proto.binary ? enc.encode(JSON.stringify(value)) : value;
}

/** Decode a payload the client delivered (Protobuf clients hand over bytes). */
export function decodeData(proto, data) {
  if (data instanceof Uint8Array) {
    return JSON.parse(dec.decode(data));
  }
  assert.ok(!proto.binary || data === undefined, `${proto.name}: expected bytes, got ${typeof data}`);
  return data;
}

// ---------------------------------------------------------------- waiting

/** Wait for the first `event` on `emitter` that satisfies `filter`. Bounded. */
export function waitEvent(emitter, event, { filter = () => true, timeout = WAIT_MS, label } = {}) {
  return new Promise((resolve, reject) => {
    const handler = (ctx) => {
      let ok;
      try {
        ok = filter(ctx);
      } catch {
        ok = false;
      }
      if (!ok) return;
      clearTimeout(timer);
      emitter.off(event, handler);
      resolve(ctx);
    };
    const timer = setTimeout(() => {
      emitter.off(event, handler);
      reject(new Error(`timed out after ${timeout} ms waiting for ${label || event}`));
    }, timeout);
    emitter.on(event, handler);
  });
}

/** Wait for whichever of two events comes first. Resolves with {event, ctx}. Bounded. */
export function waitEither(emitter, okEvent, failEvent, { timeout = WAIT_MS, label } = {}) {
  return new Promise((resolve, reject) => {
    const done = (event) => (ctx) => {
      clearTimeout(timer);
      emitter.off(okEvent, onOk);
      emitter.off(failEvent, onFail);
      resolve({ event, ctx });
    };
    const onOk = done(okEvent);
    const onFail = done(failEvent);
    const timer = setTimeout(() => {
      emitter.off(okEvent, onOk);
      emitter.off(failEvent, onFail);
      reject(new Error(`timed out after ${timeout} ms waiting for ${label || okEvent}`));
    }, timeout);
    emitter.on(okEvent, onOk);
    emitter.on(failEvent, onFail);
  });
}

/** Record every `event` of `emitter` into an array. */
export function record(emitter, event) {
  const list = [];
  emitter.on(event, (ctx) => list.push(ctx));
  return list;
}

/** Poll `cond` every 10 ms until it is true. Bounded. */
export async function until(cond, { timeout = WAIT_MS, label = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (cond()) return;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeout} ms waiting for ${label}`);
    await sleep(10);
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Await a promise that must reject; returns the rejection value. Bounded. */
export async function rejects(promise, { timeout = WAIT_MS, label = 'rejection' } = {}) {
  const outcome = await within(
    promise.then(
      (value) => ({ ok: true, value }),
      (error) => ({ ok: false, error }),
    ),
    { timeout, label },
  );
  if (outcome.ok) {
    throw new Error(`${label}: expected a rejection, got ${JSON.stringify(outcome.value)}`);
  }
  return outcome.error;
}

/** Await a promise with a bound. */
export async function within(promise, { timeout = WAIT_MS, label = 'operation' } = {}) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeout} ms waiting for ${label}`)), timeout);
  });
  try {
    return await Promise.race([promise, t]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- clients

/**
 * A per-test pool of clients. Every client made through it is disconnected by
 * `close()`, which each scenario calls in `finally` (or via `t.after`).
 */
export class Pool {
  constructor(proto) {
    this.proto = proto;
    this.clients = [];
  }

  /** A new, not yet connected client. */
  make(options = {}) {
    const c = new this.proto.Centrifuge(WS_URL, {
      websocket: WebSocket,
      timeout: 4000,
      minReconnectDelay: 100,
      maxReconnectDelay: 1000,
      ...options,
    });
    // Unhandled 'error' events are harmless on this emitter, but keep a log
    // of them: it makes failures readable.
    c.errors = record(c, 'error');
    this.clients.push(c);
    return c;
  }

  /** A new client connected as `sub` (or with the given options). Resolves once connected. */
  async connect(sub, options = {}) {
    const c = this.make({ token: sub === undefined ? '' : connToken(sub), ...options });
    const p = waitEither(c, 'connected', 'disconnected', { label: `${this.proto.name} client connected` });
    c.connect();
    const { event, ctx } = await p;
    if (event !== 'connected') {
      throw new Error(`client disconnected while connecting: ${ctx.code} ${ctx.reason}`);
    }
    c.connectedCtx = ctx;
    return c;
  }

  /** Subscribe `client` to `ch`; resolves with {sub, ctx} where ctx is the `subscribed` context. */
  async subscribe(client, ch, options = {}) {
    const sub = client.newSubscription(ch, options);
    const p = waitEither(sub, 'subscribed', 'unsubscribed', { label: `subscribed to ${ch}` });
    sub.subscribe();
    const { event, ctx } = await p;
    if (event !== 'subscribed') {
      throw new Error(`unsubscribed from ${ch} while subscribing: ${ctx.code} ${ctx.reason}`);
    }
    return { sub, ctx };
  }

  close() {
    for (const c of this.clients) {
      try {
        c.disconnect();
      } catch {
        // already gone
      }
      c.removeAllListeners();
    }
    this.clients = [];
  }
}

/** Run `fn(pool)` and always disconnect the clients it made. */
export async function withPool(proto, fn) {
  const pool = new Pool(proto);
  try {
    return await fn(pool);
  } finally {
    pool.close();
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(s) {
  return typeof s === 'string' && UUID_RE.test(s);
}
