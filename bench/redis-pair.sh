#!/usr/bin/env bash
# Two nodes sharing one Redis, ours and Centrifugo side by side in one run: 1,000 subscribers on
# node A, every publication sent through node B's server API, so every delivery crosses Redis
# Pub/Sub. Writes the table to bench/redis-mode.md (which docs/benchmarks.md includes).
#
#   bench/redis-pair.sh
#   XS_RATES=1000 XS_ROUNDS=4 XS_BASELINE_JAR=/tmp/old/xshathra.jar XS_SERVERS="baseline ours centrifugo" \
#     XS_OUT=/tmp/rounds.md bench/redis-pair.sh     # four alternated rounds, three servers
#
# Environment (all optional): XS_SERVERS ("ours centrifugo"; "baseline" is our server from
# XS_BASELINE_JAR, a jar built from an earlier commit), XS_RATES (publications/s, "100 1000 0";
# 0 = as fast as node B acknowledges), XS_ROUNDS (1: how many times each rate is measured, the
# servers alternating round by round; each row is then the median of a server's rounds, as in
# side-by-side.sh's XS_REPEAT, and every round is listed), XS_WARMUP (20), XS_DURATION (15), XS_OUT
# (bench/redis-mode.md). Pinned like side-by-side.sh when taskset exists: both nodes on CPU 0, the
# bench on CPU 1, Redis not pinned (the kernel runs it on either CPU, as a Redis of its own would
# not share the nodes' core); the same topology for both servers. Needs a built
# server/target/xshathra.jar, bench/.centrifugo/centrifugo (side-by-side.sh builds it), curl and jq.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=../conformance/lib/redis-server.sh
source conformance/lib/redis-server.sh
# shellcheck source=class-data.sh
source bench/class-data.sh

servers="${XS_SERVERS:-ours centrifugo}"
rates="${XS_RATES:-100 1000 0}"
rounds="${XS_ROUNDS:-1}"
baseline_jar="${XS_BASELINE_JAR:-}"
warmup="${XS_WARMUP:-20}"
duration="${XS_DURATION:-15}"
out="${XS_OUT:-bench/redis-mode.md}"
jar="server/target/xshathra.jar"
cf_bin="bench/.centrifugo/centrifugo"
config="bench/config.json"
redis_port=18470
port_a=18471
port_b=18472
pin_server=()
pin_loader=()
if command -v taskset >/dev/null && (( $(nproc) >= 2 )); then
  pin_server=(taskset -c 0)
  pin_loader=(taskset -c 1)
fi
[[ -f "$jar" ]] || { echo "redis-pair: $jar is missing; build it: mvn -B -q install -DskipTests" >&2; exit 2; }
[[ -x "$cf_bin" || " $servers " != *" centrifugo "* ]] || { echo "redis-pair: run bench/side-by-side.sh once to build $cf_bin" >&2; exit 2; }
[[ -f "$baseline_jar" || " $servers " != *" baseline "* ]] || { echo "redis-pair: XS_SERVERS names baseline; set XS_BASELINE_JAR to an existing jar" >&2; exit 2; }
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "redis-pair: XS_ROUNDS must be a whole number from 1, got \"$rounds\"" >&2; exit 2; }
work="$(mktemp -d)"
results="$root/bench/results/redis-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap 'stop_all; rm -rf "$work"' EXIT
redis="$(redis_binary "$work")"
# Ours is measured with its class-data archive, as a user's server runs from its second start on.
ensure_archives "$servers" "$jar" "$baseline_jar"

node() { # server name port -> starts one node; pid appended to pids, last in $node_pid
  local server="$1" name="$2" port="$3"
  # Something still answering here (a node left running) would be measured in this one's place.
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/health" 2>/dev/null; then
    echo "redis-pair: port $port already answers before $server node $name starts; stop what listens there" >&2
    return 1
  fi
  if [[ "$server" == ours || "$server" == baseline ]]; then
    local server_jar="$jar"
    [[ "$server" == baseline ]] && server_jar="$baseline_jar"
    CENTRIFUGO_ENGINE_TYPE=redis CENTRIFUGO_ENGINE_REDIS_ADDRESS="redis://127.0.0.1:$redis_port" \
      XSHATHRA_JAR="$server_jar" "${pin_server[@]}" bin/xshathra serve --config "$config" --port "$port" \
      --address 127.0.0.1 --data-dir "$work/data-$name" >"$results/$server-node-$name.log" 2>&1 &
  else
    GOMAXPROCS=1 CENTRIFUGO_ENGINE_TYPE=redis CENTRIFUGO_ENGINE_REDIS_ADDRESS="redis://127.0.0.1:$redis_port" \
      CENTRIFUGO_HTTP_SERVER_ADDRESS=127.0.0.1 CENTRIFUGO_HTTP_SERVER_PORT="$port" \
      "${pin_server[@]}" "$cf_bin" --config "$config" >"$results/$server-node-$name.log" 2>&1 &
  fi
  node_pid=$!
  pids+=("$node_pid")
  for _ in $(seq 1 300); do
    kill -0 "$node_pid" 2>/dev/null || { echo "redis-pair: $server node $name exited; see $results/$server-node-$name.log" >&2; return 1; }
    curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "redis-pair: $server node $name did not answer /health" >&2
  return 1
}

measure() { # server rate file -> one run: a fresh Redis and fresh nodes
  local server="$1" rate="$2" f="$3"
  start_redis "$redis" "$redis_port" "$work/redis.log"
  pids+=("$redis_pid")
  node "$server" a "$port_a"
  pid_a=$node_pid
  node "$server" b "$port_b"
  "${pin_loader[@]}" java -jar "$jar" bench fanout --channels 10 --subscribers 100 --rate "$rate" \
    --api-connections 10 --duration "$duration" --warmup "$warmup" --channel-prefix bench: \
    --url "ws://127.0.0.1:$port_a/connection/websocket" --api-url "http://127.0.0.1:$port_b/api" \
    --secret bench-secret --api-key bench-api-key --server-pid "$pid_a" --json >"$f" 2>"${f%.json}.log" || true
  stop_all
}

rows=""
listed=""
# The command as run, for the record: every setting that differs from the defaults.
command=""
[[ -z "${XS_SERVERS:-}" ]] || command+="XS_SERVERS=\"$servers\" "
[[ -z "${XS_RATES:-}" ]] || command+="XS_RATES=\"$rates\" "
((rounds == 1)) || command+="XS_ROUNDS=$rounds "
[[ -z "${XS_WARMUP:-}" ]] || command+="XS_WARMUP=$warmup "
[[ -z "${XS_DURATION:-}" ]] || command+="XS_DURATION=$duration "
[[ " $servers " != *" baseline "* ]] || command+="XS_BASELINE_JAR=<an earlier build> "
for rate in $rates; do
  for round in $(seq 1 "$rounds"); do
    for server in $servers; do
      label="redis-pair: $server, rate $rate"
      ((rounds == 1)) || label+=", round $round of $rounds"
      echo "$label"
      measure "$server" "$rate" "$results/$server-rate-$rate.run$round.json"
    done
  done
  shown="$rate/s"
  [[ "$rate" != 0 ]] || shown="as fast as acknowledged"
  for server in $servers; do
    f="$results/$server-rate-$rate.json"
    runs=()
    for round in $(seq 1 "$rounds"); do
      if [[ -s "$results/$server-rate-$rate.run$round.json" ]]; then
        runs+=("$results/$server-rate-$rate.run$round.json")
      fi
    done
    (( ${#runs[@]} > 0 )) && jq -s -f bench/median-runs.jq "${runs[@]}" >"$f" 2>/dev/null || rm -f "$f"
    # Milliseconds to the microsecond (a median of two rounds is their mean).
    rows+="$(jq -r --arg s "$server" --arg r "$shown" 'def ms: . * 1000 | round / 1000; "| \($s) | \($r) | \(.delivered_per_sec | floor) | \(.latency_ms.p50 | ms) | \(.latency_ms.p99 | ms) | \(.publish_latency_ms.p50 | ms) | \(.publish_latency_ms.p99 | ms) | \(.lost) / \(.reordered) | \(.server_cpu_percent | floor) % |"' "$f" 2>/dev/null || echo "| $server | $shown | no result | | | | | | |")"$'\n'
    if ((rounds > 1)) && [[ -f "$f" ]]; then
      listed+="$(jq -r --arg s "$server" --arg r "$shown" '"- \($s), \($r): " + ([.runs[] | "\(.p50) / \(.p99) ms, publish \(.publish_p50) / \(.publish_p99) ms, \(.server_cpu_percent | floor) %"] | join("; "))' "$f")"$'\n'
    fi
  done
done

{
  echo "## Redis mode: two nodes sharing one Redis, side by side"
  echo
  echo "Written by \`bench/redis-pair.sh\` on $(date -u +%Y-%m-%d) (commit $(git rev-parse --short HEAD)): Redis"
  echo "$("$redis" --version | grep -o 'v=[0-9.]*' | cut -c3-) on loopback, for each server two nodes with \`engine.type\` redis"
  echo "(\`CENTRIFUGO_ENGINE_TYPE=redis\`), the 1,000 subscribers (10 channels x 100, JSON) on node A and every"
  echo "publication sent through node B's server API (10 connections), so every delivery crosses Redis Pub/Sub."
  echo "Both nodes ran on CPU 0, the bench on CPU 1, Redis on either (not pinned); Centrifugo with GOMAXPROCS=1; ours through"
  echo "\`bin/xshathra serve\`. ${warmup} s warm-up, ${duration} s measured; a fresh Redis and fresh nodes per run."
  echo "Node A's CPU is the figure shown; node B shared its core."
  echo
  echo "| server | publications | delivered/s | p50 (ms) | p99 (ms) | publish p50 (ms) | publish p99 (ms) | lost / reordered | node A CPU |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s' "$rows"
  echo
  if ((rounds > 1)); then
    echo "Each row is the median of $rounds rounds, the servers alternating round by round (the lost and"
    echo "reordered counts summed). Every round, fan-out p50 / p99, publish p50 / p99 and node A's CPU:"
    echo
    printf '%s' "$listed"
    echo
  fi
  echo "Command: \`${command}bench/redis-pair.sh\` (raw results in \`bench/results/$(basename "$results")/\`, not committed)."
} >"$out"
echo "redis-pair: wrote $out"
