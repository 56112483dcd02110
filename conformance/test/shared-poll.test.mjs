// Shared-poll subscriptions (subscribe `type: 4`), the part every server answers the same way
// whatever its shared-poll configuration: a type-4 subscribe to a channel outside a shared_poll
// namespace (here `chat`, and a namespace that does not exist) is refused with 108 "not
// available", checked before anything else; the connection stays usable. Raw JSON frames,
// since centrifuge-js 5.x has no shared-poll subscription.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { WS_URL, connToken, user, channel, until, rnd } from '../lib/helpers.mjs';

function open() {
  const ws = new WebSocket(WS_URL);
  const replies = new Map();
  ws.on('message', (data) => {
    for (const line of data.toString().split('\n')) {
      if (!line) continue;
      const msg = JSON.parse(line);
      if (msg.id) replies.set(msg.id, msg);
    }
  });
  ws.on('error', () => {});
  const opened = new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('close', reject); });
  let next = 0;
  async function send(cmd) {
    const id = ++next;
    ws.send(JSON.stringify({ id, ...cmd }));
    await until(() => replies.has(id), { label: `reply ${id}` });
    return replies.get(id);
  }
  return { ws, opened, send };
}

describe('shared poll: subscribe type 4', () => {
  test('is not available (108) outside a shared_poll namespace; the connection stays up', async () => {
    const c = open();
    try {
      await c.opened;
      const connect = await c.send({ connect: { token: connToken(user()) } });
      assert.ok(connect.connect, JSON.stringify(connect));
      const stream = await c.send({ subscribe: { channel: channel('chat'), type: 4 } });
      assert.equal(stream.error?.code, 108, JSON.stringify(stream));
      const unknown = await c.send({ subscribe: { channel: `nosuchns${rnd(4)}:x`, type: 4 } });
      assert.equal(unknown.error?.code, 108, JSON.stringify(unknown));
      const plain = await c.send({ subscribe: { channel: channel('chat') } });
      assert.ok(plain.subscribe, JSON.stringify(plain));
    } finally {
      c.ws.close();
    }
  });
});
