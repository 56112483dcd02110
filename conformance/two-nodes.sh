#!/usr/bin/env bash
# Two Xshathra nodes sharing one Redis on loopback, then the conformance suite with the client
# on node A and the server API on node B.
#
#   conformance/two-nodes.sh [JAR] [BASE_PORT]
#
# JAR defaults to server/target/xshathra.jar (build it first: mvn -pl server -am package).
# Ports: Redis on BASE_PORT (default 18090), node A on BASE_PORT+1, node B on BASE_PORT+2.
# Redis: the redis-server on PATH; else the Linux binary inside the embedded-redis jar in the
# local Maven repository (present after `mvn verify`); else Debian's redis-server via apt-get.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$(realpath "${1:-$root/server/target/xshathra.jar}")"
base="${2:-18090}"
redis_port="$base"
port_a=$((base + 1))
port_b=$((base + 2))
work="$(mktemp -d)"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=lib/redis-server.sh
source "$here/lib/redis-server.sh"

wait_http() {
  local url="$1" log="$2"
  for _ in $(seq 1 150); do
    if curl -fsS "$url" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "two-nodes.sh: $url did not come up"; tail -n 50 "$log"; return 1
}

redis="$(redis_binary "$work")"
start_redis "$redis" "$redis_port" "$work/redis.log"
pids+=("$redis_pid")

start_node() {
  local name="$1" port="$2"
  CENTRIFUGO_ENGINE_TYPE=redis \
  CENTRIFUGO_ENGINE_REDIS_ADDRESS="redis://127.0.0.1:$redis_port" \
  CENTRIFUGO_ENGINE_REDIS_PREFIX="conformance" \
  CENTRIFUGO_MAP_BROKER_TYPE=redis \
    java -jar "$jar" serve --config "$here/config.json" --port "$port" --data-dir "$work/data-$name" \
    >"$work/node-$name.log" 2>&1 &
  pids+=($!)
}
start_node a "$port_a"
start_node b "$port_b"
wait_http "http://127.0.0.1:$port_a/realtime/health" "$work/node-a.log"
wait_http "http://127.0.0.1:$port_b/realtime/health" "$work/node-b.log"

echo "two-nodes.sh: Redis :$redis_port, node A :$port_a (clients), node B :$port_b (server API)"
# HTTP-streaming and SSE clients stream from node A and post their commands to node B, which
# forwards them to A.
if ! XS_EMULATION_URL="http://127.0.0.1:$port_b/realtime/emulation" \
    bash "$here/run.sh" "ws://127.0.0.1:$port_a/realtime/connection/websocket" \
    "http://127.0.0.1:$port_b/realtime/api"; then
  echo "-- node A log"; tail -n 60 "$work/node-a.log"
  echo "-- node B log"; tail -n 60 "$work/node-b.log"
  exit 1
fi
