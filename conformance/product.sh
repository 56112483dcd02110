#!/usr/bin/env bash
# The product flow against a Xshathra server started here: creates two projects with the CLI
# (same data folder as the server), then runs conformance/product/*.test.mjs with their keys.
#
#   conformance/product.sh JAR [PORT]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar=$(cd "$(dirname "${1:?path to xshathra.jar}")" && pwd)/$(basename "$1")
port=${2:-18030}
work=$(mktemp -d)
cd "$here"
[[ -d node_modules ]] || npm ci --no-audit --no-fund --loglevel=error
echo "product-flow-password" | java -jar "$jar" user create owner@example.com --password-stdin --data-dir "$work/data" >/dev/null
project() { java -jar "$jar" project create "$1" --owner owner@example.com --json --data-dir "$work/data"; }
a=$(project alpha)
b=$(project beta)
c=$(project gamma)
field() { node -e "process.stdout.write(JSON.parse(process.argv[1])[process.argv[2]])" "$1" "$2"; }
# Project gamma lets its own backends decide (served by product/backends.test.mjs).
backend_port=$((port + 1))
for kind in connect subscribe rpc; do
  backends=$(java -jar "$jar" project backend "$(field "$c" id)" --kind "$kind" \
    --url "http://127.0.0.1:$backend_port/$kind" --json --data-dir "$work/data")
done
java -jar "$jar" serve --config product/config.json --port "$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  sleep 0.2
done
status=0
XS_BASE_URL="http://127.0.0.1:$port" XS_PROJECT_A_KEY=$(field "$a" server_api_key) \
  XS_PROJECT_B_KEY=$(field "$b" server_api_key) XS_PROJECT_A_CLIENT_KEY=$(field "$a" client_api_key) \
  XS_PROJECT_C_KEY=$(field "$c" server_api_key) XS_PROJECT_C_CLIENT_KEY=$(field "$c" client_api_key) \
  XS_PROJECT_C_SECRET=$(field "$backends" signing_secret) XS_BACKEND_PORT="$backend_port" \
  node --test --test-reporter=spec product/ || status=$?
if [[ $status -ne 0 ]]; then echo "-- server log"; tail -n 60 "$work/server.log"; fi
exit $status
