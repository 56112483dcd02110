#!/usr/bin/env bash
# Run the conformance suite against any Centrifugo-compatible server.
#
#   conformance/run.sh [WS_URL] [API_URL]
#
# Arguments override the environment; defaults are the local Centrifugo defaults.
#   XS_WS_URL        client WebSocket endpoint   (ws://127.0.0.1:8000/connection/websocket)
#   XS_API_URL       server HTTP API base        (http://127.0.0.1:8000/api)
#   XS_SECRET        HMAC secret for JWTs        (conformance-secret)
#   XS_API_KEY       server API key              (conformance-api-key)
#   XS_TARGET_NAME   label for the results file  (derived from the API host:port)
#   XS_RESULTS_DIR   where results go            (conformance/results)
#   XS_TEST_TIMEOUT  safety timeout in ms for each test and each file (90000);
#                    every wait inside a test has its own, much smaller bound
#   XS_SUITE_TIMEOUT whole-run timeout in s      (600)
#   XS_EXCLUDE       extended regular expression of test files to leave out (none), e.g.
#                    "delta" for a deployment that does not offer delta compression
#   XS_JWKS_WS_URL   WebSocket endpoint of a second server configured like the first plus
#                    client.token.jwks_public_endpoint=http://127.0.0.1:$XS_JWKS_PORT/jwks;
#                    the JWKS scenarios are skipped without it
#   XS_JWKS_PORT     loopback port on which the JWKS scenarios serve their key set (18099)
#   XS_FEATURES_WS_URL, XS_FEATURES_API_URL
#                    client WebSocket endpoint and server API of a server started with
#                    config-features.json (personal channel, node connection limit); the
#                    personal and limits scenarios are skipped without them
#   XS_GRPC_API_ADDR host:port of the server's gRPC API (grpc_api, key XS_GRPC_API_KEY,
#                    default conformance-grpc-key); the gRPC API scenarios are skipped without it
#   XS_UNI_GRPC_ADDR host:port of the server's uni_grpc transport; its scenarios are skipped without it
#   XS_PROXY_WS_URL  WebSocket endpoint of a server started with config-proxy.json (proxies to a
#                    backend on 127.0.0.1:$XS_PROXY_BACKEND_PORT); the proxy scenarios are skipped
#                    without it
#   XS_PROXY_API_URL server HTTP API base of that server
#   XS_PROXY_BACKEND_PORT loopback port on which the proxy scenarios serve the backend (18097, the
#                    port config-proxy.json names)
#   XS_GRPC_PROXY_BACKEND_PORT loopback port on which the gRPC proxy scenarios serve their gRPC
#                    backend (18096, the port config-proxy.json names)
#   XS_PROXY_TLS_BACKEND_PORT loopback port on which the proxy scenarios serve their HTTPS backend
#                    (18095, the port config-proxy.json names; it requires a client certificate)
#
# Prints per-test results (spec reporter) and writes results/results-<name>.json.
# Exits non-zero if any test fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

export XS_WS_URL="${1:-${XS_WS_URL:-ws://127.0.0.1:8000/connection/websocket}}"
export XS_API_URL="${2:-${XS_API_URL:-http://127.0.0.1:8000/api}}"
export XS_SECRET="${XS_SECRET:-conformance-secret}"
export XS_API_KEY="${XS_API_KEY:-conformance-api-key}"

if [[ -z "${XS_TARGET_NAME:-}" ]]; then
  hostport="${XS_API_URL#*://}"
  hostport="${hostport%%/*}"
  XS_TARGET_NAME="$(printf '%s' "$hostport" | tr -c 'A-Za-z0-9._-' '_')"
fi
export XS_TARGET_NAME

results_dir="${XS_RESULTS_DIR:-$here/results}"
mkdir -p "$results_dir"
results="$results_dir/results-$XS_TARGET_NAME.json"

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if (( node_major < 20 )); then
  echo "run.sh: Node 20 or newer is required (found $(node --version))" >&2
  exit 2
fi

if [[ ! -d node_modules/centrifuge || ! -d node_modules/ws || ! -d node_modules/eventsource \
      || ! -d node_modules/@grpc/grpc-js || ! -d node_modules/@grpc/proto-loader ]]; then
  echo "run.sh: installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

# Fail fast with a clear message when the target is not reachable.
if ! node -e '
  const url = process.env.XS_API_URL + "/info";
  fetch(url, { method: "POST", headers: { "X-API-Key": process.env.XS_API_KEY }, body: "{}",
               signal: AbortSignal.timeout(5000) })
    .then((r) => { if (r.status !== 200) { console.error("run.sh: " + url + " answered HTTP " + r.status); process.exit(1); } })
    .catch((e) => { console.error("run.sh: cannot reach " + url + ": " + e.message); process.exit(1); });
'; then
  exit 3
fi

echo "run.sh: target ws=$XS_WS_URL api=$XS_API_URL (node $(node --version))"
status=0
tests=(test/)
if [[ -n "${XS_EXCLUDE:-}" ]]; then
  mapfile -t tests < <(ls test/*.test.mjs | grep -Ev "$XS_EXCLUDE")
  echo "run.sh: leaving out test files matching /$XS_EXCLUDE/"
fi
# The whole run is bounded too (XS_SUITE_TIMEOUT seconds, default 600).
timeout --kill-after=10 "${XS_SUITE_TIMEOUT:-600}" node --test \
  --test-concurrency="${XS_TEST_CONCURRENCY:-1}" \
  --test-timeout="${XS_TEST_TIMEOUT:-90000}" \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./lib/json-reporter.mjs --test-reporter-destination="$results" \
  "${tests[@]}" || status=$?

if [[ -s "$results" ]]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const s = r.summary;
    for (const [k, v] of Object.entries(r.by_suite)) console.log(`run.sh: [${k}] ${v.passed}/${v.tests} passed`);
    console.log(`run.sh: ${s.passed} passed, ${s.failed} failed` + (s.skipped ? `, ${s.skipped} skipped` : ""));
    for (const t of r.tests.filter((t) => t.status === "fail")) {
      console.log(`run.sh: FAILED [${t.suite.join(" > ")}] ${t.name}: ${(t.error || "").split("\n")[0]}`);
    }
  ' "$results"
  echo "run.sh: results written to $results"
else
  echo "run.sh: no results file was written" >&2
  [[ $status -eq 0 ]] && status=1
fi
exit "$status"
