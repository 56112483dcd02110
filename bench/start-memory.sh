#!/usr/bin/env bash
# Resident memory of a fresh server, ours (default launch, bin/xshathra serve) beside Centrifugo,
# each pinned to one CPU and started RUNS times with an empty data folder: VmRSS when /health
# first answers, two seconds later and ten seconds later (idle: what the JVM's compiler and C
# library keep for a few seconds after start has been given back), and the median of each. Ours starts with its class-data
# archive already written (bench/class-data.sh), as on any machine after the first start.
#
#   bench/start-memory.sh [RUNS]        # default 5; XS_SERVER_CPU (default 0), XS_PORT (default 18420)
#   XS_DOC=bench/start-memory.md bench/start-memory.sh   # also writes the table there
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=class-data.sh
source "$root/bench/class-data.sh"
runs="${1:-5}"
cpu="${XS_SERVER_CPU:-0}"
port="${XS_PORT:-18420}"
cf_bin="${XS_CENTRIFUGO:-$root/bench/.centrifugo/centrifugo}"
config="$root/bench/config.json"
work="$(mktemp -d)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
[[ -x "$cf_bin" ]] || { echo "start-memory: no Centrifugo binary at $cf_bin (see bench/side-by-side.sh)" >&2; exit 1; }
[[ -f "$root/server/target/xshathra.jar" ]] || { echo "start-memory: build the jar first (mvn -q -DskipTests package)" >&2; exit 1; }
# A copy of the launcher and jar, so the archive this writes is its own.
mkdir -p "$work/home/server/target"
cp -r "$root/bin" "$work/home/"
cp "$root/server/target/xshathra.jar" "$work/home/server/target/"

rss() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$1/status"; }

start() { # name -> sets pid
  rm -rf "$work/data" && mkdir -p "$work/data"
  if [[ "$1" == ours ]]; then
    taskset -c "$cpu" "$work/home/bin/xshathra" serve --config "$config" --port "$port" --address 127.0.0.1 \
      --data-dir "$work/data" >"$work/server.log" 2>&1 &
  else
    GOMAXPROCS=1 CENTRIFUGO_HTTP_SERVER_ADDRESS=127.0.0.1 CENTRIFUGO_HTTP_SERVER_PORT="$port" \
      taskset -c "$cpu" "$cf_bin" --config "$config" >"$work/server.log" 2>&1 &
  fi
  pid=$!
  for _ in $(seq 1 1200); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/health" && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; return 1; }
    sleep 0.05
  done
  echo "start-memory: $1 did not answer /health in 60 s" >&2
  return 1
}

stop() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ensure_archive "$work/home/server/target/xshathra.jar"
declare -A at_health after idle
for name in ours centrifugo; do
  for i in $(seq 1 "$runs"); do
    start "$name"
    a=$(rss "$pid"); sleep 2; b=$(rss "$pid"); sleep 8; c=$(rss "$pid")
    stop
    echo "start-memory: $name run $i: $a MiB at /health, $b MiB 2 s later, $c MiB 10 s later"
    at_health[$name]+="$a "; after[$name]+="$b "; idle[$name]+="$c "
  done
done
m() { tr ' ' '\n' <<<"$1" | grep . | median; }
oh=$(m "${at_health[ours]}"); oa=$(m "${after[ours]}"); ch=$(m "${at_health[centrifugo]}"); ca=$(m "${after[centrifugo]}")
oi=$(m "${idle[ours]}"); ci=$(m "${idle[centrifugo]}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
table="| | ours (bin/xshathra serve) | Centrifugo $(cat "$root/bench/.centrifugo/VERSION" 2>/dev/null || echo) | ratio |
|---|---|---|---|
| RSS when /health first answers, median of $runs (MiB) | $oh | $ch | $(ratio "$oh" "$ch") |
| RSS 2 s later, median of $runs (MiB) | $oa | $ca | $(ratio "$oa" "$ca") |
| RSS 10 s later, idle, median of $runs (MiB) | $oi | $ci | $(ratio "$oi" "$ci") |"
echo "$table"
if [[ -n "${XS_DOC:-}" ]]; then
  {
    echo "# Resident memory of a fresh server"
    echo
    echo "Produced by \`bench/start-memory.sh $runs\` on $(date -u +%Y-%m-%d), commit $(git -C "$root" rev-parse --short HEAD),"
    echo "$(nproc) CPUs, server pinned to CPU $cpu, $(java -version 2>&1 | head -1)."
    echo
    echo "$table"
    echo
    echo "Every run: ours ${at_health[ours]}/ ${after[ours]}/ ${idle[ours]}; Centrifugo ${at_health[centrifugo]}/ ${after[centrifugo]}/ ${idle[centrifugo]}(MiB, at /health / 2 s later / 10 s later)."
  } >"$XS_DOC"
fi
