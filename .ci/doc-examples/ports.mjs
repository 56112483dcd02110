// The ports a doc names (3001 for the server, others in its example configurations) are
// replaced by free ones, so the checker never collides with another server on the machine.
import { execFileSync } from 'node:child_process';

/** Hands out ports: from a range such as "3170-3179", else ones the kernel reports free. */
export class Ports {
  constructor(range) {
    this.used = new Set();
    if (range) {
      const [lo, hi] = range.split('-').map(Number);
      this.range = { lo, hi };
    }
  }

  /** Gives ports back once what listened on them has stopped. */
  release(list) {
    for (const p of list) this.used.delete(p);
  }

  take() {
    if (this.range) {
      for (let p = this.range.lo; p <= this.range.hi; p++) {
        if (!this.used.has(p) && isFree(p)) { this.used.add(p); return p; }
      }
      throw new Error(`no free port left in ${this.range.lo}-${this.range.hi}`);
    }
    for (let n = 0; n < 50; n++) {
      const p = kernelPort();
      if (!this.used.has(p)) { this.used.add(p); return p; }
    }
    throw new Error('no free port');
  }
}

// Synchronous on purpose: a tiny child process asks the kernel for a free port.
function kernelPort() {
  return Number(execFileSync(process.execPath, ['-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"]).toString());
}

function isFree(port) {
  return execFileSync(process.execPath, ['-e',
    `const s=require('net').createServer();s.on('error',()=>console.log('busy'));s.listen(${port},'127.0.0.1',()=>{console.log('free');s.close()})`]).toString().trim() === 'free';
}

/** Ports an example configuration names: "port": N and host:N in endpoints and addresses. */
export function configPorts(text) {
  const found = new Set();
  for (const m of text.matchAll(/"port"\s*:\s*(\d{2,5})/g)) found.add(Number(m[1]));
  for (const m of text.matchAll(/(?:127\.0\.0\.1|localhost):(\d{2,5})/g)) found.add(Number(m[1]));
  return [...found];
}

/** Replaces each mapped port where it stands as a whole number. */
export function substitutePorts(text, portMap) {
  let out = text;
  for (const [from, to] of portMap) {
    out = out.replace(new RegExp(`(?<![\\d.])${from}(?![\\d])`, 'g'), String(to));
  }
  return out;
}


