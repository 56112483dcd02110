import http from 'node:http';
import WebSocket from 'ws';
const code = Number(process.argv[3]);
const srv = http.createServer((req, res) => { req.resume(); req.on('end', () => {
  res.writeHead(200, {'Content-Type': 'application/json'}).end(JSON.stringify({ disconnect: { code, reason: 'r'.repeat(Number(process.argv[4] || 5)) } })); }); });
await new Promise((r) => srv.listen(18302, '127.0.0.1', r));
const ws = new WebSocket(process.argv[2]);
ws.on('open', () => ws.send('{"id":1,"connect":{}}'));
ws.on('message', (m) => console.log('msg', m.toString()));
ws.on('close', (c, r) => { console.log('close', c, r.toString().length); srv.close(); process.exit(0); });
ws.on('error', (e) => console.log('err', e.message));
setTimeout(() => { console.log('timeout'); process.exit(0); }, 3000);
