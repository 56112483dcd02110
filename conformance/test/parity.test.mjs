// Answers first seen to differ between Xshathra and Centrifugo v6.9.1 when driven side by side:
// a plain HTTP request on the WebSocket endpoint, and a `channels` pattern the glob grammar
// rejects.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WS_URL, api, apiOk } from '../lib/helpers.mjs';

const wsHttp = WS_URL.replace(/^ws/, 'http');

describe('parity', () => {
  test('a plain GET or POST on the WebSocket endpoint: 400 "Bad Request" naming version 13', async () => {
    for (const method of ['GET', 'POST']) {
      const res = await fetch(wsHttp, { method, signal: AbortSignal.timeout(4000) });
      assert.equal(res.status, 400, method);
      assert.equal(res.headers.get('sec-websocket-version'), '13', method);
      assert.match(res.headers.get('content-type'), /^text\/plain/, method);
      assert.equal(await res.text(), 'Bad Request\n', method);
    }
  });

  test('channels: a malformed class in the pattern is error 100; loose braces are not', async () => {
    for (const pattern of ['[', 'chat:[', '[]', '[!]', '[a-z', '[z-a]', '[a-zA-Z]']) {
      const r = await api('channels', { pattern });
      assert.equal(r.status, 200, pattern);
      assert.deepEqual(r.json, { error: { code: 100, message: 'internal server error' } }, pattern);
    }
    for (const pattern of ['{', '{a,}', ']', '[ab-c]', '[!!]', 'x\\']) {
      assert.ok((await apiOk('channels', { pattern })).channels !== undefined, pattern);
    }
  });
});
