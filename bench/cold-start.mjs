// Cold start: how long after a server's health endpoint first answers 200 its first WebSocket
// client gets the upgrade, the connect reply and the subscribe reply. Polls health every 2 ms from
// before the server starts; prints one JSON line (milliseconds from the first 200).
//
//   node bench/cold-start.mjs WS_URL HEALTH_URL HMAC_SECRET CHANNEL
//
// The client is plain TCP (Node's own `net`, no packages): the upgrade request and the one masked
// frame carrying connect and subscribe are built before the server starts, and the client's socket
// code runs a few times against a listener of its own first. A WebSocket library's first use in a
// fresh Node process costs several milliseconds of the client's own start-up, which would count in
// the server's figure (about 10 ms on a 2 GHz core, for Centrifugo and for us alike).
import crypto from 'node:crypto';
import net from 'node:net';

const [wsUrl, healthUrl, secret, channel] = process.argv.slice(2);
if (!channel) {
  console.error('usage: node bench/cold-start.mjs WS_URL HEALTH_URL HMAC_SECRET CHANNEL');
  process.exit(2);
}
const ws = new URL(wsUrl);
const health = new URL(healthUrl);
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const head = b64({ alg: 'HS256', typ: 'JWT' });
const body = b64({ sub: 'cold-start', exp: Math.floor(Date.now() / 1000) + 600 });
const token = `${head}.${body}.` + crypto.createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');

const upgrade = Buffer.from(`GET ${ws.pathname}${ws.search} HTTP/1.1\r\nHost: ${ws.host}\r\nUpgrade: websocket\r\n`
  + `Connection: Upgrade\r\nSec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\n`
  + 'Sec-WebSocket-Version: 13\r\n\r\n');
const healthRequest = Buffer.from(`GET ${health.pathname} HTTP/1.1\r\nHost: ${health.host}\r\nConnection: close\r\n\r\n`);

// One client text frame (masked, as RFC 6455 requires of a client).
function textFrame(text) {
  const payload = Buffer.from(text);
  const mask = crypto.randomBytes(4);
  const n = payload.length;
  const header = n < 126 ? Buffer.from([0x81, 0x80 | n])
    : n < 65536 ? Buffer.from([0x81, 0x80 | 126, n >> 8, n & 0xff]) : null;
  if (!header) throw new Error('frame too large');
  for (let i = 0; i < n; i++) payload[i] ^= mask[i & 3];
  return Buffer.concat([header, mask, payload]);
}
const commands = textFrame(JSON.stringify({ id: 1, connect: { token } }) + '\n'
  + JSON.stringify({ id: 2, subscribe: { channel } }));

// The server's text frames, as they arrive: yields each complete payload (unmasked, unfragmented);
// other frames (ping, close) are skipped.
function frameReader(onPayload) {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (buf.length < 2) return;
      let len = buf[1] & 0x7f;
      let at = 2;
      if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); at = 4; }
      else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); at = 10; }
      if (buf.length < at + len) return;
      if ((buf[0] & 0x0f) === 1) onPayload(buf.subarray(at, at + len).toString());
      buf = buf.subarray(at + len);
    }
  };
}

// One request on a new connection; resolves with the first bytes of the answer ('' when refused).
function ask(port, host, request) {
  return new Promise((resolve) => {
    let answer = '';
    const s = net.connect({ port, host, noDelay: true }, () => s.write(request));
    s.on('data', (d) => { answer += d.toString('latin1'); });
    s.on('error', () => resolve(''));
    s.on('close', () => resolve(answer));
  });
}

// The client's own socket and frame code, run against itself before it measures anything.
async function warmClient() {
  const echo = net.createServer((s) => s.on('data', () => {
    s.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  }));
  await new Promise((r) => echo.listen(0, '127.0.0.1', r));
  const read = frameReader(() => {});
  for (let i = 0; i < 20; i++) {
    await ask(echo.address().port, '127.0.0.1', healthRequest);
    read(Buffer.from([0x81, 9, ...Buffer.from('{"id":1}\n')]));
  }
  await new Promise((r) => echo.close(r));
}

await warmClient();
const deadline = Date.now() + 60_000;
for (;;) {
  if (Date.now() > deadline) { console.log(JSON.stringify({ error: 'health never answered 200' })); process.exit(1); }
  if ((await ask(+health.port || 80, health.hostname, healthRequest)).startsWith('HTTP/1.1 200')) break;
  await new Promise((r) => setTimeout(r, 2));
}
const t0 = performance.now();
const ms = () => +(performance.now() - t0).toFixed(2);
const out = {};
const fail = (error) => { console.log(JSON.stringify({ error, ...out })); process.exit(1); };
const timer = setTimeout(() => fail('no replies in 10 s'), 10_000);
const read = frameReader((text) => {
  for (const line of text.split('\n')) {
    if (!line) continue;
    const reply = JSON.parse(line);
    if (reply.error) fail(`reply ${reply.id}: ${JSON.stringify(reply.error)}`);
    if (reply.id === 1) out.connect_ms = ms();
    if (reply.id === 2) {
      out.subscribe_ms = ms();
      clearTimeout(timer);
      console.log(JSON.stringify(out));
      process.exit(0);
    }
  }
});
let head101 = Buffer.alloc(0);
const s = net.connect({ port: +ws.port || 80, host: ws.hostname, noDelay: true }, () => s.write(upgrade));
s.on('data', (chunk) => {
  if (out.upgrade_ms !== undefined) { read(chunk); return; }
  head101 = Buffer.concat([head101, chunk]);
  const end = head101.indexOf('\r\n\r\n');
  if (end < 0) return;
  if (!head101.toString('latin1', 0, 12).startsWith('HTTP/1.1 101')) fail(`upgrade refused: ${head101.toString('latin1', 0, end)}`);
  out.upgrade_ms = ms();
  s.write(commands);
  if (head101.length > end + 4) read(head101.subarray(end + 4));
});
s.on('error', (e) => fail(String(e)));
s.on('close', () => fail('closed before the subscribe reply'));
