// Cold start: how long after a server's health endpoint first answers 200 its first WebSocket
// client gets the connect reply and the subscribe reply. Polls health every 2 ms from before the
// server starts; prints one JSON line. Node 18+ with the `ws` package (conformance/node_modules).
//
//   node bench/cold-start.mjs WS_URL HEALTH_URL HMAC_SECRET CHANNEL
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
const require = createRequire(new URL('../conformance/package.json', import.meta.url));
const WebSocket = require('ws');

const [url, health, secret, channel] = process.argv.slice(2);
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const head = b64({ alg: 'HS256', typ: 'JWT' });
const body = b64({ sub: 'cold-start', exp: Math.floor(Date.now() / 1000) + 600 });
const token = `${head}.${body}.` + crypto.createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
const deadline = Date.now() + 60_000;
for (;;) {
  if (Date.now() > deadline) { console.log(JSON.stringify({ error: 'health never answered 200' })); process.exit(1); }
  try { const r = await fetch(health); if (r.status === 200) break; } catch { /* not listening yet */ }
  await new Promise((r) => setTimeout(r, 2));
}
const t0 = performance.now();
const out = {};
const ws = new WebSocket(url);
const timer = setTimeout(() => { console.log(JSON.stringify({ error: 'no replies in 10 s', ...out })); process.exit(1); }, 10_000);
ws.on('open', () => ws.send(JSON.stringify({ id: 1, connect: { token } }) + '\n'
  + JSON.stringify({ id: 2, subscribe: { channel } })));
ws.on('message', (m) => {
  for (const line of m.toString().split('\n')) {
    if (!line) continue;
    const reply = JSON.parse(line);
    if (reply.id === 1) out.connect_ms = +(performance.now() - t0).toFixed(2);
    if (reply.id === 2) {
      out.subscribe_ms = +(performance.now() - t0).toFixed(2);
      clearTimeout(timer);
      console.log(JSON.stringify(out));
      ws.close();
      process.exit(0);
    }
  }
});
ws.on('error', (e) => { console.log(JSON.stringify({ error: String(e) })); process.exit(1); });
