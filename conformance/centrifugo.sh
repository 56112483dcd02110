#!/usr/bin/env bash
# Run the conformance suite against the reference server, Centrifugo v6.
#
#   conformance/centrifugo.sh            # build if needed, start, test, stop
#   XS_CENTRIFUGO_PORT=18000 conformance/centrifugo.sh
#
# A second instance with the same file and client.token.jwks_public_endpoint set (through the
# environment) serves the JWKS scenarios; the test serves the key set on XS_JWKS_PORT (18099).
# A third instance with config-features.json serves the personal channel and limits scenarios.
# The main instance also serves the gRPC API and uni_grpc on free loopback ports from port+20.
# A fourth instance runs config-proxy.json for the proxy scenarios, whose backend the test serves
# on XS_PROXY_BACKEND_PORT (18097), whose gRPC backend it serves on XS_GRPC_PROXY_BACKEND_PORT
# (18096) and whose HTTPS backend (http.tls) on XS_PROXY_TLS_BACKEND_PORT (18095); other ports get
# a copy of the file pointing there.
#
# The binary is installed into conformance/.centrifugo/ (git-ignored) with
# `go install`, on first use only. The server listens on 127.0.0.1 only, uses
# conformance/config.json and is always stopped on exit.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

version="${XS_CENTRIFUGO_VERSION:-v6.9.1}"
bindir="$here/.centrifugo"
bin="$bindir/centrifugo"
port="${XS_CENTRIFUGO_PORT:-18000}"
log="$bindir/centrifugo-$port.log"

mkdir -p "$bindir"

marker="$bindir/VERSION"
if [[ ! -x "$bin" || "$(cat "$marker" 2>/dev/null)" != "$version" ]]; then
  command -v go >/dev/null || { echo "centrifugo.sh: Go is needed to build Centrifugo" >&2; exit 2; }
  echo "centrifugo.sh: building Centrifugo $version into $bindir (takes a few minutes the first time)"
  rm -f "$marker"
  # The build stamps its version through this variable (it reports 0.0.0 otherwise).
  GOBIN="$bindir" timeout 1800 go install \
    -ldflags "-X github.com/centrifugal/centrifugo/v6/internal/build.Version=${version#v}" \
    "github.com/centrifugal/centrifugo/v6@$version"
  printf '%s\n' "$version" >"$marker"
fi
echo "centrifugo.sh: $("$bin" version)"

# Find a free loopback port, starting at $port (bounded search).
port_free() {
  node -e '
    const s = require("net").createServer();
    s.once("error", () => process.exit(1));
    s.listen(Number(process.argv[1]), "127.0.0.1", () => s.close(() => process.exit(0)));
  ' "$1"
}
for _ in $(seq 1 50); do
  port_free "$port" && break
  port=$((port + 1))
done
port_free "$port" || { echo "centrifugo.sh: no free port found" >&2; exit 2; }
log="$bindir/centrifugo-$port.log"

jwks_port="${XS_JWKS_PORT:-18099}"
pid=""
pid2=""
pid3=""
pid4=""
stop_pid() {
  local p="$1"
  if [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null; then
    kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$p" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  fi
}
cleanup() {
  stop_pid "$pid"
  stop_pid "$pid2"
  stop_pid "$pid3"
  stop_pid "$pid4"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The gRPC API and uni_grpc of the main instance, for the gRPC scenarios (bounded search too).
grpc_api_port=$((port + 20))
for _ in $(seq 1 50); do
  port_free "$grpc_api_port" && break
  grpc_api_port=$((grpc_api_port + 1))
done
uni_grpc_port=$((grpc_api_port + 1))
for _ in $(seq 1 50); do
  port_free "$uni_grpc_port" && break
  uni_grpc_port=$((uni_grpc_port + 1))
done
CENTRIFUGO_HTTP_SERVER_ADDRESS=127.0.0.1 CENTRIFUGO_HTTP_SERVER_PORT="$port" \
  CENTRIFUGO_GRPC_API_ENABLED=true CENTRIFUGO_GRPC_API_ADDRESS=127.0.0.1 CENTRIFUGO_GRPC_API_PORT="$grpc_api_port" \
  CENTRIFUGO_GRPC_API_KEY=conformance-grpc-key \
  CENTRIFUGO_UNI_GRPC_ENABLED=true CENTRIFUGO_UNI_GRPC_ADDRESS=127.0.0.1 CENTRIFUGO_UNI_GRPC_PORT="$uni_grpc_port" \
  "$bin" --config "$here/config.json" >"$log" 2>&1 &
pid=$!
echo "centrifugo.sh: started pid $pid on 127.0.0.1:$port, gRPC API :$grpc_api_port, uni_grpc :$uni_grpc_port (log $log)"

port2=$((port + 1))
for _ in $(seq 1 50); do
  port_free "$port2" && break
  port2=$((port2 + 1))
done
log2="$bindir/centrifugo-jwks-$port2.log"
CENTRIFUGO_HTTP_SERVER_ADDRESS=127.0.0.1 CENTRIFUGO_HTTP_SERVER_PORT="$port2" \
  CENTRIFUGO_CLIENT_TOKEN_JWKS_PUBLIC_ENDPOINT="http://127.0.0.1:$jwks_port/jwks" \
  "$bin" --config "$here/config.json" >"$log2" 2>&1 &
pid2=$!
echo "centrifugo.sh: started pid $pid2 (JWKS tokens) on 127.0.0.1:$port2 (log $log2)"

# A third instance with config-features.json (personal channel, client limits).
port3=$((port2 + 1))
for _ in $(seq 1 50); do
  port_free "$port3" && break
  port3=$((port3 + 1))
done
log3="$bindir/centrifugo-features-$port3.log"
CENTRIFUGO_HTTP_SERVER_ADDRESS=127.0.0.1 CENTRIFUGO_HTTP_SERVER_PORT="$port3" \
  "$bin" --config "$here/config-features.json" >"$log3" 2>&1 &
pid3=$!
echo "centrifugo.sh: started pid $pid3 (features) on 127.0.0.1:$port3 (log $log3)"

proxy_backend_port="${XS_PROXY_BACKEND_PORT:-18097}"
grpc_proxy_backend_port="${XS_GRPC_PROXY_BACKEND_PORT:-18096}"
tls_proxy_backend_port="${XS_PROXY_TLS_BACKEND_PORT:-18095}"
proxy_config="$here/config-proxy.json"
if [[ "$proxy_backend_port" != 18097 || "$grpc_proxy_backend_port" != 18096 || "$tls_proxy_backend_port" != 18095 ]]; then
  proxy_config="$bindir/config-proxy-$proxy_backend_port-$grpc_proxy_backend_port-$tls_proxy_backend_port.json"
  sed -e "s/127.0.0.1:18097/127.0.0.1:$proxy_backend_port/g" \
    -e "s/127.0.0.1:18096/127.0.0.1:$grpc_proxy_backend_port/g" \
    -e "s/127.0.0.1:18095/127.0.0.1:$tls_proxy_backend_port/g" "$here/config-proxy.json" >"$proxy_config"
fi
port4=$((port3 + 1))
for _ in $(seq 1 50); do
  port_free "$port4" && break
  port4=$((port4 + 1))
done
log4="$bindir/centrifugo-proxy-$port4.log"
CENTRIFUGO_HTTP_SERVER_ADDRESS=127.0.0.1 CENTRIFUGO_HTTP_SERVER_PORT="$port4" \
  "$bin" --config "$proxy_config" >"$log4" 2>&1 &
pid4=$!
echo "centrifugo.sh: started pid $pid4 (proxies) on 127.0.0.1:$port4 (log $log4)"

healthy=""
for _ in $(seq 1 100); do
  for p in "$pid" "$pid2" "$pid3" "$pid4"; do
    if ! kill -0 "$p" 2>/dev/null; then
      echo "centrifugo.sh: Centrifugo exited early; logs follow" >&2
      cat "$log" "$log2" "$log3" "$log4" >&2
      exit 1
    fi
  done
  if node -e '
    Promise.all(process.argv.slice(1).map((u) => fetch(u, { signal: AbortSignal.timeout(1000) })))
      .then((rs) => process.exit(rs.every((r) => r.status === 200) ? 0 : 1), () => process.exit(1));
  ' "http://127.0.0.1:$port/health" "http://127.0.0.1:$port2/health" "http://127.0.0.1:$port3/health" \
    "http://127.0.0.1:$port4/health"; then
    healthy=1
    break
  fi
  sleep 0.1
done
[[ -n "$healthy" ]] || { echo "centrifugo.sh: /health did not answer 200 within ~10 s" >&2; exit 1; }

status=0
XS_TARGET_NAME="${XS_TARGET_NAME:-centrifugo-${version#v}}" \
  XS_JWKS_WS_URL="ws://127.0.0.1:$port2/connection/websocket" XS_JWKS_PORT="$jwks_port" \
  XS_FEATURES_WS_URL="ws://127.0.0.1:$port3/connection/websocket" \
  XS_FEATURES_API_URL="http://127.0.0.1:$port3/api" \
  XS_GRPC_API_ADDR="127.0.0.1:$grpc_api_port" XS_UNI_GRPC_ADDR="127.0.0.1:$uni_grpc_port" \
  XS_PROXY_WS_URL="ws://127.0.0.1:$port4/connection/websocket" XS_PROXY_API_URL="http://127.0.0.1:$port4/api" \
  XS_PROXY_BACKEND_PORT="$proxy_backend_port" XS_GRPC_PROXY_BACKEND_PORT="$grpc_proxy_backend_port" \
  XS_PROXY_TLS_BACKEND_PORT="$tls_proxy_backend_port" \
  "$here/run.sh" "ws://127.0.0.1:$port/connection/websocket" "http://127.0.0.1:$port/api" || status=$?

echo "centrifugo.sh: results: ${XS_RESULTS_DIR:-$here/results}/results-${XS_TARGET_NAME:-centrifugo-${version#v}}.json; server log: $log"
exit "$status"
