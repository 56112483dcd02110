#!/usr/bin/env bash
# Side by side: the same `xshathra bench` scenarios, with the same parameters, against our server
# and against Centrifugo v6 on this machine, then docs/benchmarks.md.
#
#   bench/side-by-side.sh                   # everything (about 15 minutes on a quiet machine)
#   XS_SCENARIOS="fanout-rate api" bench/side-by-side.sh
#   XS_SERVERS=ours XS_OURS_JVM="-Xms512m -Xmx2g -XX:+UseZGC" XS_DOC=/tmp/zgc.md bench/side-by-side.sh
#   XS_BASELINE_JAR=/tmp/old/xshathra.jar XS_SERVERS="baseline ours centrifugo" bench/side-by-side.sh
#
# Environment (all optional):
#   XS_SCENARIOS   which scenarios, in order (default: all of cold idle fanout-rate fanout-100k
#                  fanout-max fanout-max-pb fanout-client connect api sweep)
#   XS_SERVERS     which servers, in order, each scenario running against each in turn (default:
#                  "ours centrifugo"); "baseline" is our server from XS_BASELINE_JAR (a jar built
#                  from an earlier commit), for before/after comparisons in the same run
#   XS_BASELINE_JAR  the baseline server's jar (needed when XS_SERVERS names baseline)
#   XS_PIN         1 (default when taskset exists and there are 2+ CPUs) runs the server on
#                  XS_SERVER_CPUS (default 0) and the load generator on XS_LOADER_CPUS (default:
#                  every other CPU), so the bench never takes the server's CPU; 0 shares them
#   XS_OURS_JVM    JVM flags for our server; unset (the default), our server is started the way
#                  the README starts it: bin/xshathra serve, with the launcher's own settings
#   XS_SWEEP_RATES the publication rates of the sweep scenario (default "250 500 1000 2000 4000 0";
#                  0 = as fast as the server answers); its chart goes to docs/benchmarks-fanout.svg
#   XS_SYSCALLS    1 counts the server's system calls in fan-out runs with perf (default: 1 when
#                  perf can read the syscall tracepoints)
#   XS_CONNECT_WARMUP  unmeasured seconds before the connect scenario (default 90)
#   XS_IDLE_CONNECTIONS  connections held by the idle scenario (default 19500: the most a
#                  process may open under this machine's hard limit of 20000 open files)
#   XS_DURATION    measured seconds per run (default 10); XS_WARMUP unmeasured seconds (default 30)
#   XS_DOC         the report to write (default docs/benchmarks.md)
#   XS_MAX_BUSY    wait while other processes keep the CPUs more than this % busy (default 25)
#   XS_QUIET_WAIT  ... but at most this many seconds per run (default 90) and this many in all
#                  (XS_QUIET_BUDGET, default 180), so the script always ends in bounded time
#   XS_MAX_OTHERS  re-run (once, after waiting again) a run during which other processes used
#                  more than this % of one core (default 40)
#   XS_REPEAT      scenarios measured several times, as SCENARIO=COUNT pairs (default
#                  "fanout-100k=5"): the servers alternate, run after run, and each figure of the
#                  report is the median of a server's runs (every run is kept and listed). For
#                  the figures that sit near a target and move from run to run with the machine.
#   XS_RESULTS     an existing results folder to add to (e.g. to re-run one noisy scenario
#                  with XS_SCENARIOS, keeping the others), instead of a new one
#
# Needs: a built server/target/xshathra.jar (mvn -B -q install -DskipTests), curl, jq, and Go
# the first time (Centrifugo is built with `go install` into bench/.centrifugo/, git-ignored).
# Every server listens on 127.0.0.1 only and is stopped when its run ends or the script exits.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=class-data.sh
source bench/class-data.sh

cf_version="6.9.1"
cf_dir="$root/bench/.centrifugo"
cf_bin="$cf_dir/centrifugo"
config="bench/config.json"
jar="server/target/xshathra.jar"
doc="${XS_DOC:-docs/benchmarks.md}"
scenarios="${XS_SCENARIOS:-cold idle fanout-rate fanout-100k fanout-max fanout-max-pb fanout-client connect api sweep}"
sweep_rates="${XS_SWEEP_RATES:-250 500 1000 2000 4000 0}"
servers="${XS_SERVERS:-ours centrifugo}"
duration="${XS_DURATION:-10}"
warmup="${XS_WARMUP:-30}"
idle_connections="${XS_IDLE_CONNECTIONS:-19500}"
# The connect path (handshake, token, subscribe, close) is the JVM's slowest to compile: on this
# 2-core machine our server reached its steady rate only after about 60 s of connect load.
connect_warmup="${XS_CONNECT_WARMUP:-90}"
max_busy="${XS_MAX_BUSY:-25}"
quiet_wait="${XS_QUIET_WAIT:-90}"
quiet_budget="${XS_QUIET_BUDGET:-180}"
max_others="${XS_MAX_OTHERS:-40}"
ours_jvm="${XS_OURS_JVM:-}"
repeat="${XS_REPEAT-fanout-100k=5}"
port=18210
baseline_jar="${XS_BASELINE_JAR:-}"
cpus="$(nproc 2>/dev/null || echo 1)"
if [[ -z "${XS_PIN:-}" ]]; then
  command -v taskset >/dev/null && (( cpus >= 2 )) && XS_PIN=1 || XS_PIN=0
fi
server_cpus="${XS_SERVER_CPUS:-0}"
loader_cpus="${XS_LOADER_CPUS:-$( ((cpus > 2)) && echo "1-$((cpus - 1))" || echo 1)}"
pin_server=()
pin_loader=()
# Centrifugo gets as many Go threads running Go code as the server has CPUs (Go reads the
# affinity mask itself; set explicitly so the report can say so).
server_cpu_count="$cpus"
if [[ "$XS_PIN" == 1 ]]; then
  pin_server=(taskset -c "$server_cpus")
  pin_loader=(taskset -c "$loader_cpus")
  server_cpu_count="$(taskset -c "$server_cpus" nproc)"
  # This script and what it starts unpinned (curl polling /health, perf, jq) stay off the
  # server's CPUs too: a process forked there while a server starts or serves is measured with it.
  taskset -cp "$loader_cpus" $$ >/dev/null
fi
# perf counts the server's system calls in the fan-out runs (XS_SYSCALLS=0 to skip).
syscalls="${XS_SYSCALLS:-$(command -v perf >/dev/null && perf stat -e raw_syscalls:sys_enter true >/dev/null 2>&1 && echo 1 || echo 0)}"
syscall_events="raw_syscalls:sys_enter,syscalls:sys_enter_write,syscalls:sys_enter_writev,syscalls:sys_enter_sendto,syscalls:sys_enter_sendmsg,syscalls:sys_enter_read,syscalls:sys_enter_recvfrom,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_pwait,syscalls:sys_enter_futex"
secret="bench-secret"
api_key="bench-api-key"

if [[ -n "${XS_RESULTS:-}" ]]; then
  results="$(cd "$XS_RESULTS" && pwd)"
else
  results="$root/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$results"
fi
work="$(mktemp -d)"
commands="$results/commands.txt"
touch "$commands"

for tool in curl jq java; do
  command -v "$tool" >/dev/null || { echo "side-by-side: $tool is needed" >&2; exit 2; }
done
[[ -f "$jar" ]] || { echo "side-by-side: $jar is missing; build it: mvn -B -q install -DskipTests" >&2; exit 2; }
if [[ " $servers " == *" baseline "* && ! -f "$baseline_jar" ]]; then
  echo "side-by-side: XS_SERVERS names baseline; set XS_BASELINE_JAR to an existing jar" >&2
  exit 2
fi
if [[ "$XS_PIN" == 1 ]]; then
  echo "side-by-side: server pinned to CPU(s) $server_cpus, load generator to $loader_cpus"
  echo "# pinned: server on CPU(s) $server_cpus (taskset -c $server_cpus), bench on $loader_cpus (taskset -c $loader_cpus)" >>"$commands"
fi

# ---- Centrifugo: built once, pinned version, into a git-ignored folder.
if [[ " $servers " == *" centrifugo "* ]]; then
  if [[ ! -x "$cf_bin" || "$(cat "$cf_dir/VERSION" 2>/dev/null)" != "v$cf_version" ]]; then
    command -v go >/dev/null || { echo "side-by-side: Go is needed to build Centrifugo" >&2; exit 2; }
    echo "side-by-side: building Centrifugo v$cf_version into $cf_dir"
    mkdir -p "$cf_dir"
    rm -f "$cf_dir/VERSION"
    # go install stamps version 0.0.0 unless told otherwise.
    GOBIN="$cf_dir" timeout 1800 go install \
      -ldflags "-X github.com/centrifugal/centrifugo/v6/internal/build.Version=$cf_version" \
      "github.com/centrifugal/centrifugo/v6@v$cf_version"
    echo "v$cf_version" >"$cf_dir/VERSION"
  fi
fi

# ---- ours: measured with its class-data archive, as a user's server runs from its second start on.
if [[ -z "$ours_jvm" ]]; then
  ensure_archives "$servers" "$jar" "$baseline_jar"
fi

# ---- helpers

server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# Percent of all CPUs busy over one second (with our servers stopped: other people's work).
busy_percent() {
  local a b
  read -r -a a < <(grep '^cpu ' /proc/stat)
  sleep 1
  read -r -a b < <(grep '^cpu ' /proc/stat)
  local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  (( total > 0 )) && echo $(( 100 * (total - idle) / total )) || echo 0
}

# Waits (bounded per run and in all) until the machine is quiet enough to measure; leaves the
# busy % it started at in $busy.
waited_total=0
busy=0
wait_quiet() {
  local waited=0
  busy=$(busy_percent)
  while (( busy > max_busy && waited < quiet_wait && waited_total < quiet_budget )); do
    echo "side-by-side: CPUs ${busy}% busy with other work (load $(loadavg)); waiting" >&2
    sleep 9; waited=$((waited + 10)); waited_total=$((waited_total + 10))
    busy=$(busy_percent)
  done
}

start_server() { # name scenario [nowait: return once started, without polling /health]
  local name="$1" log="$results/$1-server-$2.log"
  # Something still answering here (a server left running) would be measured in this one's place.
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/health" 2>/dev/null; then
    echo "side-by-side: port $port already answers before $name starts; stop what listens there" >&2
    return 1
  fi
  rm -rf "$work/data"
  if [[ "$name" == ours || "$name" == baseline ]]; then
    local server_jar="$jar"
    [[ "$name" == baseline ]] && server_jar="$baseline_jar"
    if [[ -z "$ours_jvm" ]]; then
      echo "XSHATHRA_JAR=$server_jar ${pin_server[*]} bin/xshathra serve --config $config --port $port --address 127.0.0.1 --data-dir <tmp>" >>"$commands.servers"
      XSHATHRA_JAR="$server_jar" "${pin_server[@]}" bin/xshathra serve --config "$config" --port "$port" \
        --address 127.0.0.1 --data-dir "$work/data" >"$log" 2>&1 &
    else
      # shellcheck disable=SC2086
      echo "${pin_server[*]} java $ours_jvm -jar $server_jar serve --config $config --port $port --address 127.0.0.1 --data-dir <tmp>" >>"$commands.servers"
      # shellcheck disable=SC2086
      "${pin_server[@]}" java $ours_jvm -jar "$server_jar" serve --config "$config" --port "$port" --address 127.0.0.1 \
        --data-dir "$work/data" >"$log" 2>&1 &
    fi
  else
    echo "GOMAXPROCS=$server_cpu_count CENTRIFUGO_HTTP_SERVER_ADDRESS=127.0.0.1 CENTRIFUGO_HTTP_SERVER_PORT=$port ${pin_server[*]} bench/.centrifugo/centrifugo --config $config" >>"$commands.servers"
    GOMAXPROCS="$server_cpu_count" CENTRIFUGO_HTTP_SERVER_ADDRESS=127.0.0.1 CENTRIFUGO_HTTP_SERVER_PORT="$port" \
      "${pin_server[@]}" "$cf_bin" --config "$config" >"$log" 2>&1 &
  fi
  server_pid=$!
  [[ "${3:-}" == nowait ]] && return 0
  for _ in $(seq 1 300); do
    kill -0 "$server_pid" 2>/dev/null || { echo "side-by-side: $name exited; log:" >&2; cat "$log" >&2; return 1; }
    curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "side-by-side: $name did not answer /health in 30 s" >&2
  return 1
}

# The scenarios: the same arguments for both servers.
scenario_args() {
  case "$1" in
    idle) echo "idle --connections $idle_connections --subscribe --settle 30 --duration 20" ;;
    fanout-rate) echo "fanout --channels 10 --subscribers 100 --rate 100 --duration $duration --warmup $warmup" ;;
    sweep-*) echo "fanout --channels 10 --subscribers 100 --rate ${1#sweep-} --api-connections 10 --duration $duration --warmup $warmup" ;;
    fanout-100k) echo "fanout --channels 10 --subscribers 100 --rate 1000 --api-connections 10 --duration $duration --warmup $warmup" ;;
    fanout-max) echo "fanout --channels 10 --subscribers 100 --rate 0 --api-connections 10 --duration $duration --warmup $warmup" ;;
    fanout-max-pb) echo "fanout --protocol protobuf --channels 10 --subscribers 100 --rate 0 --api-connections 10 --duration $duration --warmup $warmup" ;;
    fanout-client) echo "fanout --protocol protobuf --publish-via client --channels 10 --subscribers 100 --rate 100 --duration $duration --warmup $warmup" ;;
    connect) echo "connect --concurrency 50 --duration $duration --warmup $connect_warmup" ;;
    api) echo "api --api-connections 8 --rate 0 --duration $duration --warmup $warmup" ;;
    *) echo "side-by-side: unknown scenario $1" >&2; return 1 ;;
  esac
}

failed=0
attempt() { # server scenario -> runs the bench once against a fresh server
  local name="$1" sc="$2" args before after rc=0
  args="$(scenario_args "$sc")"
  wait_quiet
  start_server "$name" "$sc" || return 1
  before="$(loadavg)"
  echo "side-by-side: $name $sc (others ${busy}% busy, load $before)"
  local perf_pid=""
  if [[ "$syscalls" == 1 && "$sc" == fanout* ]]; then
    # System calls of the server during the measured window (after the warm-up), for calls per delivery.
    (sleep "$warmup"; perf stat -x, -e "$syscall_events" -p "$server_pid" -o "$results/$name-$sc.syscalls.csv" \
      -- sleep "$duration" 2>/dev/null) &
    perf_pid=$!
  fi
  # shellcheck disable=SC2086
  "${pin_loader[@]}" java -jar "$jar" bench $args --channel-prefix bench: --url "ws://127.0.0.1:$port/connection/websocket" \
    --api-url "http://127.0.0.1:$port/api" --secret "$secret" --api-key "$api_key" \
    --server-pid "$server_pid" --json >"$results/$name-$sc.json" 2>"$results/$name-$sc.log" || rc=$?
  [[ -n "$perf_pid" ]] && { wait "$perf_pid" 2>/dev/null || true; }
  after="$(loadavg)"
  stop_server
  jq -n --arg b "$before" --arg a "$after" --argjson busy "$busy" --argjson rc "$rc" \
    '{load_before:$b, load_after:$a, others_busy_percent:$busy, exit_code:$rc}' >"$results/$name-$sc.meta.json"
}

run_one() { # server scenario
  local name="$1" sc="$2" others rc tries=0
  echo "${pin_loader[*]} java -jar $jar bench $(scenario_args "$sc") --channel-prefix bench: --url ws://127.0.0.1:$port/connection/websocket --api-url http://127.0.0.1:$port/api --secret $secret --api-key $api_key --server-pid <pid> --json" >>"$commands"
  while :; do
    attempt "$name" "$sc" || { failed=1; return; }
    tries=$((tries + 1))
    others="$(jq -r '.others_cpu_percent // 0 | floor' "$results/$name-$sc.json" 2>/dev/null || echo 0)"
    (( others > max_others && tries < 2 )) || break
    echo "side-by-side: other processes used ${others}% of a core during $name $sc; running it again" >&2
  done
  jq --argjson t "$tries" '. + {attempts:$t}' "$results/$name-$sc.meta.json" >"$work/meta" && mv "$work/meta" "$results/$name-$sc.meta.json"
  rc="$(jq -r .exit_code "$results/$name-$sc.meta.json")"
  if (( rc != 0 )); then
    failed=1
    echo "side-by-side: $name $sc exited $rc; tail of its log:" >&2
    tail -n 15 "$results/$name-$sc.log" >&2
  fi
}

# Cold start, three times per server: the first connect and subscribe replies after /health first
# answers 200 (bench/cold-start.mjs: Node, no packages, on the load generator's CPUs).
run_cold() { # server
  local name="$1" i out
  if ! command -v node >/dev/null; then
    echo "side-by-side: cold needs Node; skipped" >&2
    return
  fi
  echo "${pin_loader[*]} node bench/cold-start.mjs ws://127.0.0.1:$port/connection/websocket http://127.0.0.1:$port/health $secret bench:cold (server started after it)" >>"$commands"
  : >"$results/$name-cold.runs"
  for i in 1 2 3; do
    wait_quiet
    "${pin_loader[@]}" node bench/cold-start.mjs "ws://127.0.0.1:$port/connection/websocket" "http://127.0.0.1:$port/health" \
      "$secret" bench:cold >"$work/cold.out" 2>&1 &
    local node_pid=$!
    # The client alone polls /health: one more health request at the moment the port starts
    # accepting would be served during the measured replies.
    start_server "$name" cold nowait || { failed=1; kill "$node_pid" 2>/dev/null; return; }
    while kill -0 "$node_pid" 2>/dev/null && kill -0 "$server_pid" 2>/dev/null; do sleep 0.05; done
    kill "$node_pid" 2>/dev/null || true
    wait "$node_pid" || true
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "side-by-side: $name exited; log:" >&2
      cat "$results/$name-server-cold.log" >&2
      failed=1
      return
    fi
    stop_server
    out="$(tail -n1 "$work/cold.out")"
    echo "side-by-side: $name cold start $i: $out"
    echo "$out" >>"$results/$name-cold.runs"
  done
  jq -s '{connect_ms: (map(.connect_ms // empty) | sort), subscribe_ms: (map(.subscribe_ms // empty) | sort),
    errors: (map(.error // empty))} | . + {connect_ms_median: .connect_ms[1], subscribe_ms_median: .subscribe_ms[1],
    passed: ((.errors | length) == 0), failures: .errors}' "$results/$name-cold.runs" >"$results/$name-cold.json"
  jq -n --arg b "$(loadavg)" '{load_before:$b, load_after:$b, others_busy_percent:0, exit_code:0}' >"$results/$name-cold.meta.json"
}

repeats() { # scenario -> how many times it is measured
  local pair
  for pair in $repeat; do
    [[ "${pair%%=*}" == "$1" ]] && { echo "${pair#*=}"; return; }
  done
  echo 1
}

# The median of a server's runs of one scenario (bench/median-runs.jq: every number the median
# over the runs, the integrity counters summed, the runs' own figures kept in .runs). The perf
# counts and the log are those of the run with the median CPU.
combine_runs() { # server scenario count
  local name="$1" sc="$2" n="$3" i files=() mid ext
  for i in $(seq 1 "$n"); do
    [[ -s "$results/$name-$sc.run$i.json" ]] && files+=("$results/$name-$sc.run$i.json")
  done
  (( ${#files[@]} > 0 )) || return 0
  jq -s -f bench/median-runs.jq "${files[@]}" >"$results/$name-$sc.json"
  mid="$(jq -r '[.runs | to_entries[] | {k: .key, c: .value.server_cpu_percent}] | sort_by(.c) | .[length / 2 | floor].k + 1' "$results/$name-$sc.json")"
  for ext in log syscalls.csv; do
    [[ -f "$results/$name-$sc.run$mid.$ext" ]] && cp "$results/$name-$sc.run$mid.$ext" "$results/$name-$sc.$ext"
  done
  jq -s '(.[-1]) + {exit_code: (map(.exit_code) | max), attempts: (map(.attempts // 1) | add)}' \
    "$results/$name-$sc".run*.meta.json >"$results/$name-$sc.meta.json"
}

run_repeated() { # scenario count: the servers alternate, run after run
  local sc="$1" n="$2" i name ext
  for name in $servers; do
    rm -f "$results/$name-$sc".run*.*
  done
  for i in $(seq 1 "$n"); do
    for name in $servers; do
      echo "side-by-side: $sc run $i of $n"
      run_one "$name" "$sc"
      for ext in json meta.json log syscalls.csv; do
        [[ -f "$results/$name-$sc.$ext" ]] && mv "$results/$name-$sc.$ext" "$results/$name-$sc.run$i.$ext"
      done
    done
  done
  for name in $servers; do
    combine_runs "$name" "$sc" "$n"
  done
}

for sc in $scenarios; do
  if [[ "$sc" == sweep ]]; then
    for rate in $sweep_rates; do
      for name in $servers; do
        run_one "$name" "sweep-$rate"
      done
    done
    continue
  fi
  n="$(repeats "$sc")"
  if (( n > 1 )) && [[ "$sc" != cold ]]; then
    run_repeated "$sc" "$n"
    continue
  fi
  for name in $servers; do
    if [[ "$sc" == cold ]]; then
      run_cold "$name"
    else
      run_one "$name" "$sc"
    fi
  done
done

# The latency/throughput chart of the sweep, drawn from the measured points.
if [[ " $scenarios " == *" sweep "* ]]; then
  points="$results/sweep-points.tsv"
  echo "# server	deliveries/s	p50 ms	p99 ms" >"$points"
  for name in $servers; do
    for rate in $sweep_rates; do
      f="$results/$name-sweep-$rate.json"
      [[ -s "$f" ]] && jq -r --arg n "$name" '[$n, .delivered_per_sec, .latency_ms.p50, .latency_ms.p99] | @tsv' "$f" >>"$points"
    done
  done
  java -jar "$jar" bench chart --out "$(dirname "$doc")/benchmarks-fanout.svg" \
    --title "Fan-out, 10 channels x 100 subscribers, JSON, server on $server_cpu_count core(s)" "$points" || failed=1
fi

XS_SWEEP_RATES="$sweep_rates" XS_GOMAXPROCS="$server_cpu_count" \
  XS_MACHINE_CPUS="$cpus" bash "$root/bench/report.sh" "$results" "$doc" "${ours_jvm:-the defaults of bin/xshathra serve}" "$cf_bin" "$duration" "$warmup"
echo "side-by-side: wrote $doc (raw results in $results)"
exit "$failed"
