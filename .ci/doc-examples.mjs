// Runs the examples of the docs as written: every fenced sh/bash/shell/console block of README.md,
// docs/*.md and client/README.md, and the js blocks, each against a real server, or skips it for
// the reason its annotation states. The annotations are described in docs/writing-docs.md.
//
//   node .ci/doc-examples.mjs [FILE.md ...]     # default: README.md docs/*.md client/README.md
//
// Environment:
//   XS_DOCS_JAR      the server jar (server/target/xshathra.jar); bin/xshathra runs it
//   XS_DOCS_PORTS    a port range such as 3170-3179 to take ports from (default: free ports
//                    the kernel hands out)
//   XS_DOCS_KEEP     keep the scratch folder (its path is printed) for a look at the logs
//
// Prints PASS/SKIP(reason)/FAIL file:line per block and a summary; exits 1 on any FAIL.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDoc } from './doc-examples/parse.mjs';
import { Ports, substitutePorts, configPorts } from './doc-examples/ports.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jar = path.resolve(root, process.env.XS_DOCS_JAR || 'server/target/xshathra.jar');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'xs-doc-examples-'));
const ports = new Ports(process.env.XS_DOCS_PORTS);
const groups = new Set(); // process groups still running, killed on exit

function docFiles(args) {
  if (args.length) return args.map((f) => path.resolve(f));
  const docs = fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).sort();
  return [path.join(root, 'README.md'), ...docs.map((f) => path.join(root, 'docs', f)),
    path.join(root, 'client', 'README.md')];
}

// A folder that looks like the repository (links to its entries) with the docs' example
// configurations copied in, ports rewritten, so a block's relative paths work as in a checkout.
let folders = 0;
function folder(portMap) {
  const dir = path.join(scratch, `f${++folders}`);
  fs.mkdirSync(dir);
  for (const e of fs.readdirSync(root)) {
    if (e === 'docs' || e === 'data' || e === '.git') continue;
    fs.symlinkSync(path.join(root, e), path.join(dir, e));
  }
  fs.symlinkSync(path.join(root, 'conformance', 'node_modules'), path.join(dir, 'node_modules'));
  fs.mkdirSync(path.join(dir, 'docs', 'examples'), { recursive: true });
  for (const e of fs.readdirSync(path.join(root, 'docs'))) {
    if (e !== 'examples') fs.symlinkSync(path.join(root, 'docs', e), path.join(dir, 'docs', e));
  }
  const examples = path.join(root, 'docs', 'examples');
  for (const e of fs.existsSync(examples) ? fs.readdirSync(examples) : []) {
    const text = fs.readFileSync(path.join(examples, e), 'utf8');
    fs.writeFileSync(path.join(dir, 'docs', 'examples', e), substitutePorts(text, portMap));
  }
  return dir;
}

function env(extra) {
  const own = process.env.XS_DOCS_JAR ? { XSHATHRA_JAR: jar } : {};
  return { ...process.env, PATH: `${path.join(root, 'bin')}:${process.env.PATH}`, ...own, ...extra };
}

function start(cmd, args, opts) {
  const out = fs.openSync(opts.log, 'a');
  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  groups.add(child.pid);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return child;
}

async function stop(child) {
  if (!child || !groups.has(child.pid)) return;
  groups.delete(child.pid);
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
  const done = await Promise.race([child.exited.then(() => true), delay(10000).then(() => false)]);
  try { process.kill(-child.pid, done ? 'SIGTERM' : 'SIGKILL'); } catch { /* already gone */ }
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, seconds, check) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await delay(200);
  }
  throw new Error(`${what}: not within ${seconds} s`);
}

const accepts = (port) => new Promise((resolve) => {
  const s = net.connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true); });
  s.on('error', () => resolve(false));
});

const healthy = async (port) => {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/realtime/health`, { signal: AbortSignal.timeout(2000) });
    return r.status === 200;
  } catch { return false; }
};

/** A server started with one configuration (null: the bundled one), shared by the blocks that name it. */
class Server {
  constructor(config) {
    this.config = config;
    this.portMap = new Map([[3001, ports.take()]]);
    const text = config && fs.readFileSync(path.join(root, config), 'utf8');
    for (const p of config ? configPorts(text) : []) {
      if (!this.portMap.has(p)) this.portMap.set(p, ports.take());
    }
    this.dir = folder(this.portMap);
    this.log = path.join(this.dir, 'serve.log');
    this.vars = null;
    // docs/examples/ holds copies with the ports rewritten; a file elsewhere gets such a copy too.
    this.configArg = config;
    if (config && !path.normalize(config).startsWith(`docs${path.sep}examples${path.sep}`)) {
      this.configArg = `.doc-examples-${path.basename(config)}`;
      fs.writeFileSync(path.join(this.dir, this.configArg), substitutePorts(text, this.portMap));
    }
  }

  get port() { return this.portMap.get(3001); }

  async stop() {
    await stop(this.child);
    for (const r of this.redis ?? []) await stop(r);
    this.child = null;
  }

  async start() {
    // A Redis on loopback that the configuration names is started first, on its mapped port.
    this.redis = [];
    const text = this.config ? fs.readFileSync(path.join(root, this.config), 'utf8') : '';
    for (const m of text.matchAll(/redis:\/\/(?:127\.0\.0\.1|localhost):(\d+)/g)) {
      this.redis.push(await startRedis(this.portMap.get(Number(m[1])), this.dir));
    }
    const args = ['serve', '--port', String(this.port)];
    if (this.config) args.push('--config', this.configArg);
    this.child = start('xshathra', args, { cwd: this.dir, env: env({ XSHATHRA_ADDRESS: '127.0.0.1' }), log: this.log });
    await until(`server ${this.config || 'bundled config'} on port ${this.port}`, 90, async () => {
      if (this.child.exitCode !== null) throw new Error(`server exited:\n${tail(this.log)}`);
      return (await healthy(this.port)) || fs.readFileSync(this.log, 'utf8').includes(' is ready');
    });
  }

  /**
   * The variables a block may use: API_KEY (the server API key) and, made on first use, a
   * project's SERVER_API_KEY, CLIENT_API_KEY and PROJECT_ID.
   */
  variables(body) {
    this.vars ??= { API_KEY: this.apiKey() };
    if (/SERVER_API_KEY|CLIENT_API_KEY|PROJECT_ID/.test(body) && !this.vars.PROJECT_ID) {
      Object.assign(this.vars, this.project());
    }
    return this.vars;
  }

  apiKey() {
    const configured = this.config && JSON.parse(fs.readFileSync(path.join(root, this.config), 'utf8'))?.http_api?.key;
    if (configured) return configured;
    const secrets = path.join(this.dir, 'data', 'dev-secrets.json');
    return fs.existsSync(secrets) ? JSON.parse(fs.readFileSync(secrets, 'utf8')).api_key : '';
  }

  project() {
    const run = (args, input) => spawnSync('xshathra', args, { cwd: this.dir, env: env(), input, encoding: 'utf8' });
    run(['user', 'create', 'docs@example.com', '--password-stdin'], 'docs-examples-Passw0rd\n');
    const made = run(['project', 'create', 'docs-examples', '--json']);
    if (made.status !== 0) throw new Error(`project create failed: ${made.stderr}`);
    const p = JSON.parse(made.stdout);
    return { SERVER_API_KEY: p.server_api_key, CLIENT_API_KEY: p.client_api_key, PROJECT_ID: p.id };
  }
}

function tail(file, lines = 30) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return ''; }
}

/** Runs one block; resolves to {ok, detail}. */
async function runBlock(block, server, background) {
  const a = block.ann;
  const missing = (a.needs ?? []).filter((tool) => !onPath(tool));
  if (missing.length) return { ok: false, detail: `needs ${missing.join(', ')}: not on PATH (.ci/doc-examples.sh provides them)` };
  const portMap = new Map(server ? server.portMap : [[3001, ports.take()]]);
  const redis = a.needs?.includes('redis');
  for (const p of redis ? [...a.ports, 6379] : a.ports) if (!portMap.has(p)) portMap.set(p, ports.take());
  const own = [...portMap].filter(([from]) => !server || !server.portMap.has(from)).map(([, to]) => to);
  let redisChild = null;
  try {
    if (redis) redisChild = await startRedis(portMap.get(6379), scratch);
    return await execute(block, server, background, portMap);
  } catch (e) {
    return { ok: false, detail: e.message };
  } finally {
    if (!a.background) {
      await stop(redisChild);
      ports.release(own);
    }
  }
}

async function execute(block, server, background, portMap) {
  const a = block.ann;
  const dir = server ? server.dir : folder(portMap);
  let body = substitutePorts(block.body, portMap);
  const log = path.join(scratch, `block-${block.rel.replace(/[^\w.-]/g, '_')}-${block.line}.log`);
  const wanted = body + (a.placeholders ?? []).map((p) => p.variable).join(' ');
  const vars = server ? server.variables(wanted) : {};
  for (const { text, variable } of a.placeholders ?? []) {
    const value = vars[variable] ?? process.env[variable];
    if (!value) return { ok: false, detail: `placeholder ${text}: no value for ${variable}` };
    body = body.split(text).join(value);
  }
  for (const file of a.beside ?? []) {
    const from = path.join(root, file);
    if (!fs.existsSync(from)) return { ok: false, detail: `beside=${file}: no such file` };
    fs.copyFileSync(from, path.join(dir, path.basename(file)));
  }
  const extra = { ...vars };
  // A serve block starts the server itself: on the port the checker chose, on loopback.
  if (a.serve) Object.assign(extra, { XSHATHRA_PORT: String(portMap.get(3001)), XSHATHRA_ADDRESS: '127.0.0.1' });
  let cmd;
  let args;
  if (block.kind === 'js') {
    const file = path.join(dir, `.doc-example-${block.line}.mjs`);
    fs.writeFileSync(file, body);
    [cmd, args] = a.syntax ? ['node', ['--check', file]] : ['node', [file]];
  } else {
    // As a reader's shell, except that it stops at the first command that fails.
    [cmd, args] = ['bash', ['-c', `set -e\n${body}`]];
  }
  const child = start(cmd, args, { cwd: dir, env: env(extra), log });
  if (a.serve || a.background) return waitListening(child, a, portMap, log, background);
  const limit = delay(a.timeout * 1000).then(() => 'timeout');
  const code = await Promise.race([child.exited, limit]);
  await stop(child);
  const out = fs.readFileSync(log, 'utf8');
  if (a.stream) {
    if (code !== 'timeout') return { ok: false, detail: `ended (${code}) before ${a.timeout} s; it should stream\n${tail(log)}` };
  } else if (code === 'timeout') {
    return { ok: false, detail: `still running after ${a.timeout} s\n${tail(log)}` };
  } else if (code !== 0) {
    return { ok: false, detail: `exit status ${code}\n${tail(log)}` };
  }
  if (a.expect && !out.includes(a.expect)) return { ok: false, detail: `no "${a.expect}" in the output\n${tail(log)}` };
  const errors = errorReplies(out);
  if (a.expectError && !errors.length) return { ok: false, detail: `no error reply, as the block expects\n${tail(log)}` };
  if (!a.expectError && errors.length) return { ok: false, detail: `error reply: ${errors[0]}\n${tail(log)}` };
  return { ok: true };
}

/** A serve or background block: passes once its port answers; a background one keeps running. */
async function waitListening(child, a, portMap, log, background) {
  const port = a.serve ? portMap.get(3001) : portMap.get(a.listens);
  try {
    await until(`${a.serve ? 'server' : 'listener'} on port ${port}`, a.timeout, async () => {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
      return a.serve ? healthy(port) : a.listens ? accepts(port) : true;
    });
  } catch (e) {
    await stop(child);
    return { ok: false, detail: `${e.message}\n${tail(log)}` };
  }
  if (a.background) background.push(child);
  else await stop(child);
  return { ok: true };
}

// needs=redis asks for a running Redis (port 6379 in the block), which takes redis-server.
const onPath = (tool) => spawnSync('bash', ['-c', `command -v ${tool === 'redis' ? 'redis-server' : tool}`],
  { env: env({}) }).status === 0;

/** A Redis without persistence on loopback, for a block or a server that names one. */
async function startRedis(port, dir) {
  const log = path.join(dir, `redis-${port}.log`);
  const child = start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { cwd: dir, env: env({}), log });
  await until(`redis-server on port ${port}`, 20, async () => {
    if (child.exitCode !== null) throw new Error(`redis-server exited:\n${tail(log)}`);
    return accepts(port);
  });
  return child;
}

/** The JSON objects in the output (one per line or pretty-printed) that carry an "error" member. */
function errorReplies(out) {
  const found = [];
  let depth = 0;
  let from = -1;
  let inString = false;
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"' && depth > 0) {
      inString = true;
    } else if (c === '{') {
      if (depth++ === 0) from = i;
    } else if (c === '}' && depth > 0 && --depth === 0) {
      try {
        const v = JSON.parse(out.slice(from, i + 1));
        if (v && typeof v === 'object' && 'error' in v) found.push(out.slice(from, i + 1).replace(/\s+/g, ' '));
      } catch { /* not JSON: text around braces */ }
    }
  }
  return found;
}

/**
 * A json block that is a configuration (or part of one): `xshathra checkconfig` accepts it and
 * warns of no unknown key. Started up front, a few at a time, since each is a JVM start.
 */
function checkConfigs(blocks) {
  const results = new Map();
  const queue = blocks.filter((b) => b.ann.checkconfig && !b.runnable && !b.ann.error);
  const worker = async () => {
    for (let b = queue.shift(); b; b = queue.shift()) {
      const file = path.join(scratch, `config-${b.rel.replace(/[^\w.-]/g, '_')}-${b.line}.json`);
      fs.writeFileSync(file, b.body);
      const child = start('xshathra', ['checkconfig', file], { cwd: scratch, env: env({}), log: `${file}.log` });
      const code = await child.exited;
      groups.delete(child.pid);
      const out = fs.readFileSync(`${file}.log`, 'utf8');
      const unknown = out.split('\n').filter((l) => l.includes('unknown key'));
      if (code !== 0) results.set(b, { ok: false, detail: `xshathra checkconfig refused it:\n${out}` });
      else if (unknown.length) results.set(b, { ok: false, detail: unknown.join('\n') });
      else results.set(b, { ok: true });
    }
  };
  const all = Promise.all([worker(), worker()]);
  return async (b) => { await all; return results.get(b); };
}

function compareFile(block) {
  const file = path.join(root, block.ann.file);
  if (!fs.existsSync(file)) return { ok: false, detail: `${block.ann.file} does not exist` };
  try {
    const want = JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8')));
    const got = JSON.stringify(JSON.parse(block.body));
    return want === got ? { ok: true } : { ok: false, detail: `the block differs from ${block.ann.file}` };
  } catch (e) {
    return { ok: false, detail: `not JSON: ${e.message}` };
  }
}

async function main() {
  const files = docFiles(process.argv.slice(2));
  const blocks = files.flatMap((f) => parseDoc(f, fs.readFileSync(f, 'utf8')).map((b) => ({ ...b, rel: path.relative(root, f) })));
  if (!fs.existsSync(jar) && blocks.some((b) => b.runnable && !b.ann.skip)) {
    console.error(`doc-examples: ${jar} not found: build it first (mvn -q -DskipTests package)`);
    process.exit(2);
  }
  const checked = checkConfigs(blocks);
  const servers = new Map();
  const serverFor = (b) => {
    const key = b.ann.config || '';
    if (key && !fs.existsSync(path.join(root, key))) throw new Error(`config=${key}: no such file`);
    if (!servers.has(key)) {
      const server = new Server(b.ann.config);
      server.started = server.start();
      servers.set(key, server);
    }
    return servers.get(key);
  };
  const lastUse = new Map();
  blocks.forEach((b, i) => { if (needsServer(b)) lastUse.set(b.ann.config || '', i); });
  const counts = { pass: 0, fail: 0, skip: 0 };
  let background = [];
  let currentFile = null;
  for (const [i, b] of blocks.entries()) {
    if (b.file !== currentFile) {
      for (const c of background) await stop(c);
      background = [];
      currentFile = b.file;
    }
    const where = `${b.rel}:${b.line}`;
    let result;
    if (b.ann.error) {
      result = { ok: false, detail: b.ann.error };
    } else if (b.ann.skip) {
      counts.skip++;
      console.log(`SKIP(${b.ann.skip}) ${where}`);
      continue;
    } else if ((b.ann.file || b.ann.checkconfig) && !b.runnable) {
      result = b.ann.file ? compareFile(b) : { ok: true };
      if (result.ok && b.ann.checkconfig) result = await checked(b);
    } else if (!b.runnable) {
      continue;
    } else {
      try {
        let server = null;
        if (needsServer(b)) {
          server = serverFor(b);
          await server.started;
        }
        // The next server a block will need starts meanwhile: JVM starts dominate the run.
        const key = (n) => n.ann.config || '';
        const next = blocks.slice(i + 1).find((n) => needsServer(n) && (!needsServer(b) || key(n) !== key(b)));
        try {
          if (next && !servers.has(key(next))) serverFor(next).started.catch(() => {});
        } catch { /* reported when that block runs */ }
        result = await runBlock(b, server, background);
      } catch (e) {
        result = { ok: false, detail: e.message };
      }
      for (const [key, s] of servers) {
        if (lastUse.get(key) <= i && s.child) {
          await s.stop();
          ports.release(s.portMap.values());
        }
      }
    }
    counts[result.ok ? 'pass' : 'fail']++;
    console.log(`${result.ok ? 'PASS' : 'FAIL'} ${where}`);
    if (!result.ok) console.log(indent(result.detail));
  }
  for (const c of background) await stop(c);
  for (const s of servers.values()) await s.stop();
  console.log(`doc-examples: ${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped`);
  if (process.env.XS_DOCS_KEEP) console.log(`doc-examples: logs in ${scratch}`);
  else fs.rmSync(scratch, { recursive: true, force: true });
  return counts.fail ? 1 : 0;
}

const needsServer = (b) => b.runnable && !b.ann.skip && !b.ann.error && !b.ann.serverNone && !b.ann.serve;
const indent = (s) => s.split('\n').map((l) => `    ${l}`).join('\n');

function killAll() {
  for (const pid of groups) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGPIPE']) {
  process.on(sig, () => {
    killAll();
    if (!process.env.XS_DOCS_KEEP) fs.rmSync(scratch, { recursive: true, force: true });
    process.exit(130);
  });
}

main().then((code) => process.exit(code), (e) => { console.error(e); process.exit(1); });
