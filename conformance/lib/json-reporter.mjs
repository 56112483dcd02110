// A small reporter for node's test runner that writes one JSON document:
//
//   {
//     "generated": "<ISO time>",
//     "target": {"ws": "...", "api": "..."},
//     "node": "v20.x",
//     "summary": {"tests": N, "passed": N, "failed": N, "skipped": N, "todo": N, "duration_ms": N},
//     "by_suite": {"json": {"tests": N, "passed": N, ...}, ...},
//     "tests": [{"file": "...", "suite": ["protobuf", ...], "name": "...",
//                "status": "pass"|"fail"|"skip"|"todo", "duration_ms": N, "error": "..."}]
//   }
//
// Only leaf tests are listed (suites are folded into the `suite` path).
// Use: node --test --test-reporter=./lib/json-reporter.mjs --test-reporter-destination=results.json

import path from 'node:path';

function errorText(err) {
  if (!err) return undefined;
  const cause = err.cause || err;
  const msg = cause && (cause.message || String(cause));
  return msg ? String(msg).slice(0, 2000) : String(err).slice(0, 2000);
}

export default async function* jsonReporter(source) {
  const started = Date.now();
  const stacks = new Map(); // file -> names by nesting level
  const tests = [];
  const summary = { tests: 0, passed: 0, failed: 0, skipped: 0, todo: 0, duration_ms: 0 };

  for await (const event of source) {
    const data = event.data || {};
    const file = data.file ? path.relative(process.cwd(), data.file) : '';
    if (event.type === 'test:start') {
      const stack = stacks.get(file) || [];
      stack.length = data.nesting;
      stack[data.nesting] = data.name;
      stacks.set(file, stack);
      continue;
    }
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const details = data.details || {};
    if (details.type === 'suite') continue;
    // A file-level entry stands for the whole file: it is not a test of ours
    // unless it failed (a crash or a timeout of the file), which must count.
    const fileLevel = data.nesting === 0 && data.file && data.name === data.file;
    if (fileLevel && event.type === 'test:pass') continue;
    const stack = stacks.get(file) || [];
    const suite = fileLevel ? ['(file)'] : stack.slice(0, data.nesting).filter((s) => s !== undefined);
    let status = event.type === 'test:pass' ? 'pass' : 'fail';
    if (data.skip) status = 'skip';
    else if (data.todo) status = 'todo';
    const entry = {
      file,
      suite,
      name: fileLevel ? file : data.name,
      status,
      duration_ms: Math.round((details.duration_ms || 0) * 10) / 10,
    };
    if (status === 'fail') entry.error = errorText(details.error);
    tests.push(entry);
    summary.tests += 1;
    if (status === 'pass') summary.passed += 1;
    else if (status === 'fail') summary.failed += 1;
    else if (status === 'skip') summary.skipped += 1;
    else summary.todo += 1;
  }

  summary.duration_ms = Date.now() - started;
  // Counts per top-level suite (here: "api", "json", "protobuf").
  const bySuite = {};
  for (const t of tests) {
    const key = t.suite[0] || '(top level)';
    const s = (bySuite[key] ||= { tests: 0, passed: 0, failed: 0, skipped: 0, todo: 0 });
    s.tests += 1;
    if (t.status === 'pass') s.passed += 1;
    else if (t.status === 'fail') s.failed += 1;
    else if (t.status === 'skip') s.skipped += 1;
    else s.todo += 1;
  }
  const doc = {
    generated: new Date().toISOString(),
    target: {
      ws: process.env.XS_WS_URL || 'ws://127.0.0.1:8000/connection/websocket',
      api: process.env.XS_API_URL || 'http://127.0.0.1:8000/api',
      label: process.env.XS_TARGET_NAME || undefined,
    },
    node: process.version,
    summary,
    by_suite: bySuite,
    tests,
  };
  yield `${JSON.stringify(doc, null, 2)}\n`;
}
