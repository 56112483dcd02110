#!/usr/bin/env bash
# Writes docs/benchmarks.md from the raw results of bench/side-by-side.sh.
#
#   bench/report.sh RESULTS_DIR DOC OURS_JVM_FLAGS CENTRIFUGO_BINARY DURATION WARMUP
#
# RESULTS_DIR holds <server>-<scenario>.json (the bench's --json output), .meta.json (load
# averages, exit code), .log (progress and table) and commands.txt. Separate from the runs so
# the report can be rewritten from kept results without measuring again.
set -euo pipefail
# The machine's CPUs (side-by-side.sh passes them: it runs pinned to the load generator's CPUs).
machine_cpus="${XS_MACHINE_CPUS:-$(nproc)}"

results="$1"
doc="$2"
ours_jvm="$3"
cf_bin="$4"
duration="$5"
warmup="$6"
max_others="${XS_MAX_OTHERS:-40}"
idle_connections="${XS_IDLE_CONNECTIONS:-19500}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/server/target/xshathra.jar"

json() { # server scenario jq-expression -> value or empty
  local f="$results/$1-$2.json"
  [[ -s "$f" ]] || return 0
  jq -r "($3) // empty" "$f" 2>/dev/null || true
}
meta() { # server scenario field
  local f="$results/$1-$2.meta.json"
  [[ -s "$f" ]] || { echo "-"; return; }
  jq -r ".$3" "$f"
}
fmt() { # number -> text
  [[ -z "$1" ]] && { echo "n/a"; return; }
  awk -v v="$1" 'BEGIN { if (v + 0 >= 100 || v + 0 <= -100) printf "%.0f", v; else printf "%.2f", v }'
}
verdict() { # server scenario -> "" or " (FAIL)"
  local rc
  rc="$(meta "$1" "$2" exit_code)"
  [[ "$rc" == "0" || "$rc" == "-" ]] && echo "" || echo " (FAIL)"
}

ran() { # scenario -> whether any server has a result for it
  [[ -s "$results/ours-$1.meta.json" || -s "$results/centrifugo-$1.meta.json" || -s "$results/baseline-$1.meta.json" ]]
}
conditions() { # server scenario -> "HH:MMZ, load 1 5 15; others N%"
  local f="$results/$1-$2.meta.json" others at
  [[ -s "$f" ]] || { echo "-"; return; }
  others="$(json "$1" "$2" '.others_cpu_percent | floor')"
  at="$(date -u -r "$f" +%H:%MZ)"
  jq -r --arg o "${others:-?}" --arg at "$at" '"\($at), load \(.load_after); others \($o)%"' "$f"
}

noisy() { # server scenario -> whether others used more than the threshold while it ran
  local o
  o="$(json "$1" "$2" '.others_cpu_percent | floor')"
  [[ -n "$o" ]] && (( o > max_others ))
}
mark() { # server scenario -> " (noisy)" or ""
  noisy "$1" "$2" && echo " (noisy)" || echo ""
}

rows=""
losses=""
wins=""
row() { # scenario label jq-expression better(higher|lower|-)
  local sc="$1" label="$2" expr="$3" better="$4" o c ratio
  ran "$sc" || return 0
  o="$(json ours "$sc" "$expr")"
  c="$(json centrifugo "$sc" "$expr")"
  ratio="n/a"
  if [[ -n "$o" && -n "$c" ]] && awk -v c="$c" 'BEGIN { exit !(c + 0 != 0) }'; then
    ratio="$(awk -v o="$o" -v c="$c" 'BEGIN { printf "%.2f", o / c }')"
  fi
  [[ "$better" == "-" ]] && ratio="-"
  if noisy ours "$sc" || noisy centrifugo "$sc"; then
    [[ "$ratio" != "-" && "$ratio" != "n/a" ]] && ratio="($ratio)"
  elif [[ "$ratio" != "n/a" && "$ratio" != "-" ]]; then
    local item="$sc: $label, $(fmt "$o") vs $(fmt "$c") (ratio $ratio)"
    if awk -v r="$ratio" -v b="$better" 'BEGIN { exit !((b == "higher" && r < 0.9) || (b == "lower" && r > 1.1)) }'; then
      losses+="- $item"$'\n'
    elif awk -v r="$ratio" -v b="$better" 'BEGIN { exit !((b == "higher" && r > 1.1) || (b == "lower" && r < 0.9)) }'; then
      wins+="- $item"$'\n'
    fi
  fi
  rows+="| $sc | $label | $(fmt "$o")$(verdict ours "$sc")$(mark ours "$sc") | $(fmt "$c")$(verdict centrifugo "$sc")$(mark centrifugo "$sc") | $ratio | $better"
  rows+=" | $(conditions ours "$sc") | $(conditions centrifugo "$sc") |"$'\n'
  baseline_row "$sc" "$label" "$expr" "$better" "$o"
}
brows=""
baseline_row() { # scenario label jq-expression better ours-value: the same figure, baseline vs ours
  local sc="$1" label="$2" expr="$3" better="$4" o="$5" b change="n/a"
  [[ -s "$results/baseline-$sc.meta.json" ]] || return 0
  b="$(json baseline "$sc" "$expr")"
  if [[ -n "$o" && -n "$b" ]] && awk -v b="$b" 'BEGIN { exit !(b + 0 != 0) }'; then
    change="$(awk -v o="$o" -v b="$b" 'BEGIN { printf "%+.1f %%", 100 * (o - b) / b }')"
  fi
  [[ "$better" == "-" ]] && change="-"
  brows+="| $sc | $label | $(fmt "$b")$(verdict baseline "$sc")$(mark baseline "$sc") | $(fmt "$o")$(verdict ours "$sc")$(mark ours "$sc") | $change | $better"
  brows+=" | $(conditions baseline "$sc") | $(conditions ours "$sc") |"$'\n'
}
integrity() { # scenario: lost / reordered (must be 0 / 0)
  local sc="$1" o c
  ran "$sc" || return 0
  o="$(json ours "$sc" '"\(.lost) / \(.reordered)"')"
  c="$(json centrifugo "$sc" '"\(.lost) / \(.reordered)"')"
  rows+="| $sc | lost / reordered (must be 0 / 0) | ${o:-n/a} | ${c:-n/a} | - | - | $(conditions ours "$sc") | $(conditions centrifugo "$sc") |"$'\n'
  if [[ -s "$results/baseline-$sc.meta.json" ]]; then
    c="$(json baseline "$sc" '"\(.lost) / \(.reordered)"')"
    brows+="| $sc | lost / reordered (must be 0 / 0) | ${c:-n/a} | ${o:-n/a} | - | - | $(conditions baseline "$sc") | $(conditions ours "$sc") |"$'\n'
  fi
}

row cold "first connect reply after /health answers, median of 3 (ms)" .connect_ms_median lower
row cold "first subscribe reply after /health answers, median of 3 (ms)" .subscribe_ms_median lower
row idle "server RSS at start, before any connection (MiB)" '.rss_before_kb / 1024' lower
row idle "server RSS per connection (KiB)" .rss_per_connection_kb lower
row idle "server RSS holding them (MiB)" '.rss_after_kb / 1024' lower
row idle "server CPU while idle (% of one core)" .server_cpu_percent lower
row idle "connects/s while opening" .connects_per_sec higher
row idle "connect latency p99 (ms)" .latency_ms.p99 lower
syscalls() { # server scenario -> system calls per delivery in the measured window, or empty
  local f="$results/$1-$2.syscalls.csv" d
  [[ -s "$f" ]] || return 0
  d="$(json "$1" "$2" .delivered)"
  [[ -n "$d" ]] || return 0
  awk -F, -v d="$d" '$3 == "raw_syscalls:sys_enter" && d > 0 { printf "%.3f", $1 / d }' "$f"
}
syscall_row() { # scenario
  local sc="$1" o c
  o="$(syscalls ours "$sc")"
  c="$(syscalls centrifugo "$sc")"
  [[ -z "$o$c" ]] && return 0
  rows+="| $sc | server system calls per delivery (perf) | ${o:-n/a} | ${c:-n/a} | - | lower | $(conditions ours "$sc") | $(conditions centrifugo "$sc") |"$'\n'
}
for sc in fanout-rate fanout-100k fanout-max fanout-max-pb fanout-client; do
  row "$sc" "delivered messages/s" .delivered_per_sec higher
  row "$sc" "delivered messages/s per server core (delivered / server CPU share)" \
    'if .server_cpu_percent > 0 then .delivered_per_sec * 100 / .server_cpu_percent else empty end' higher
  row "$sc" "server CPU per delivery (µs)" \
    'if .delivered_per_sec > 0 then .server_cpu_percent * 10000 / .delivered_per_sec else empty end' lower
  syscall_row "$sc"
  [[ "$sc" == fanout-max* ]] && row "$sc" "publishes/s (acknowledged)" .publish_per_sec higher
  row "$sc" "publish-to-delivery p50 (ms)" .latency_ms.p50 lower
  row "$sc" "publish-to-delivery p99 (ms)" .latency_ms.p99 lower
  row "$sc" "publish-to-delivery p99.9 (ms)" .latency_ms.p99_9 lower
  row "$sc" "publish-to-delivery max (ms)" .latency_ms.max lower
  row "$sc" "server CPU (% of one core)" .server_cpu_percent lower
  row "$sc" "server RSS at the end (MiB)" '.server_rss_kb / 1024' lower
  row "$sc" "bench CPU (% of one core)" .bench_cpu_percent -
  integrity "$sc"
done
for rate in ${XS_SWEEP_RATES:-}; do
  row "sweep-$rate" "delivered messages/s" .delivered_per_sec higher
  row "sweep-$rate" "publish-to-delivery p50 (ms)" .latency_ms.p50 lower
  row "sweep-$rate" "publish-to-delivery p99 (ms)" .latency_ms.p99 lower
  row "sweep-$rate" "server CPU (% of one core)" .server_cpu_percent lower
done
row connect "connect+subscribe/s" .connects_per_sec higher
row connect "connect+subscribe p50 (ms)" .latency_ms.p50 lower
row connect "connect+subscribe p99 (ms)" .latency_ms.p99 lower
row connect "server CPU (% of one core)" .server_cpu_percent lower
row api "publish requests/s" .requests_per_sec higher
row api "request latency p50 (ms)" .latency_ms.p50 lower
row api "request latency p99 (ms)" .latency_ms.p99 lower
row api "server CPU (% of one core)" .server_cpu_percent lower
row api "requests/s per server core" 'if .server_cpu_percent > 0 then .requests_per_sec * 100 / .server_cpu_percent else empty end' higher

ratio_of() { # scenario jq-expression -> ours / Centrifugo, or empty
  local o c
  o="$(json ours "$1" "$2")"
  c="$(json centrifugo "$1" "$2")"
  [[ -n "$o" && -n "$c" ]] && awk -v o="$o" -v c="$c" 'BEGIN { if (c + 0 != 0) printf "%.2f", o / c }'
}
targets=""
target() { # label scenario jq-expression op(le|ge) bound
  local r verdict
  ran "$2" || return 0
  r="$(ratio_of "$2" "$3")"
  if [[ -z "$r" ]]; then
    verdict="not measured"
  elif awk -v r="$r" -v op="$4" -v b="$5" 'BEGIN { exit !((op == "le" && r <= b) || (op == "ge" && r >= b)) }'; then
    verdict="**met**"
  else
    verdict="not met"
  fi
  targets+="| $1 | $([[ $4 == le ]] && echo "≤" || echo "≥") $5 | ${r:-n/a} | $verdict |"$'\n'
}
target "fan-out at saturation, deliveries/s, JSON" fanout-max .delivered_per_sec ge 1.3
target "fan-out at saturation, p99, JSON" fanout-max .latency_ms.p99 le 1.0
target "fan-out at saturation, deliveries/s, Protobuf" fanout-max-pb .delivered_per_sec ge 1.3
target "fan-out at saturation, p99, Protobuf" fanout-max-pb .latency_ms.p99 le 1.0
target "100k deliveries/s: server CPU" fanout-100k .server_cpu_percent le 0.6
target "100k deliveries/s: p99" fanout-100k .latency_ms.p99 le 1.0
target "API publish requests/s per server core" api \
  'if .server_cpu_percent > 0 then .requests_per_sec * 100 / .server_cpu_percent else empty end' ge 1.5
target "API publish p99" api .latency_ms.p99 le 1.0
target "connect + subscribe rate" connect .connects_per_sec ge 1.0
target "RSS at start (default launch)" idle .rss_before_kb le 1.5
target "RSS under fan-out (default launch)" fanout-max .server_rss_kb le 1.5
target "idle memory per connection" idle .rss_per_connection_kb le 0.25
if ran cold; then
  cold_ms="$(json ours cold .subscribe_ms_median)"
  cold_verdict="not measured"
  [[ -n "$cold_ms" ]] && cold_verdict="$(awk -v v="$cold_ms" 'BEGIN { print (v <= 20 ? "**met**" : "not met") }')"
  targets+="| first subscribe reply after /health answers (ours, absolute) | ≤ 20 ms | $(fmt "$cold_ms") ms | $cold_verdict |"$'\n'
fi
# Scenarios measured several times (XS_REPEAT): their figures above are medians; list the runs,
# and how many pairs of consecutive runs (ours, then Centrifugo) met each bar on their own.
repeated=""
pair_count() { # scenario jq-expression op bound -> "k of n"
  local n k=0 i o c
  n="$(json ours "$1" '.runs | length')"
  for ((i = 0; i < n; i++)); do
    o="$(json ours "$1" ".runs[$i] | $2")"
    c="$(json centrifugo "$1" ".runs[$i] | $2")"
    [[ -n "$o" && -n "$c" ]] || continue
    awk -v o="$o" -v c="$c" -v op="$3" -v b="$4" 'BEGIN { r = o / c; exit !((op == "le" && r <= b) || (op == "ge" && r >= b)) }' && k=$((k + 1))
  done
  echo "$k of $n"
}
for sc in fanout-rate fanout-100k fanout-max fanout-max-pb fanout-client; do
  n="$(json ours "$sc" .median_of)"
  [[ -n "$n" ]] || continue
  repeated+="**$sc was measured $n times per server**, the two servers alternating, and each of its
figures is the median of the $n runs. Server CPU (% of one core), then publish-to-delivery p99 (ms), run by run:

| server | server CPU, each run | p99, each run |
|---|---|---|
| ours | $(json ours "$sc" '[.runs[].server_cpu_percent | . * 10 | round / 10] | join(", ")') | $(json ours "$sc" '[.runs[].p99 | . * 100 | round / 100] | join(", ")') |
| Centrifugo | $(json centrifugo "$sc" '[.runs[].server_cpu_percent | . * 10 | round / 10] | join(", ")') | $(json centrifugo "$sc" '[.runs[].p99 | . * 100 | round / 100] | join(", ")') |
"
  if [[ "$sc" == fanout-100k ]]; then
    repeated+="
Run by run (each of ours against the Centrifugo run that followed it), the CPU bar held in
$(pair_count "$sc" .server_cpu_percent le 0.6) pairs and the p99 bar in $(pair_count "$sc" .p99 le 1.0).
"
  fi
  repeated+=$'\n'
done
analysis=""
[[ -f "$root/bench/analysis.md" ]] && analysis="$(cat "$root/bench/analysis.md")"
redis_mode=""
[[ -f "$root/bench/redis-mode.md" ]] && redis_mode="$(cat "$root/bench/redis-mode.md")"
http_edge=""
[[ -f "$root/bench/http-edge.md" ]] && http_edge="$(cat "$root/bench/http-edge.md")"
before_after=""
[[ -n "$brows" && -f "$root/bench/before-after.md" ]] && before_after="$(cat "$root/bench/before-after.md")"

failures=""
for f in "$results"/*.json; do
  [[ "$f" == *.meta.json ]] && continue
  name="$(basename "$f" .json)"
  if [[ ! -s "$f" ]]; then
    failures+="- \`$name\`: no result (see its log in the results folder)"$'\n'
    continue
  fi
  while IFS= read -r line; do
    [[ -n "$line" ]] && failures+="- \`$name\`: $line"$'\n'
  done < <(jq -r '.failures[]?' "$f")
done

cpu_model="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
mem_total="$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
ours_version="$(java -jar "$jar" version 2>/dev/null | head -n1 || echo unknown)"
cf_version="$("$cf_bin" version 2>/dev/null || echo "not run")"
java_version="$(java -version 2>&1 | head -n1)"
commit="${XS_COMMIT:-$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)}"
when="$(basename "$results")"
pinned="$(grep -m1 '^# pinned: ' "$results/commands.txt" 2>/dev/null | sed 's/^# pinned: //' || true)"
if [[ -n "$pinned" ]]; then
  machine_note="It has $machine_cpus cores, and each run was pinned: $pinned. The server therefore
had one core to itself and the load generator (\`xshathra bench\`, itself a JVM) the other, so
the figures are per core of the server and the bench never takes the server's CPU. Server CPU
near 100 % means the server's core was saturated. The machine is also shared with other work."
else
  machine_note="It has $machine_cpus cores, and the load generator
(\`xshathra bench\`, itself a JVM) runs on the same cores as the server it measures: every
message the server sends is also parsed, checked and timed by the bench, so the two compete for
CPU and neither gets a machine to itself. The machine is also shared with other work."
fi
baseline_section=""
if [[ -n "$brows" ]]; then
  baseline_section="## Before and after (our server: baseline build / this build)

The same scenarios against our server built from an earlier commit (\`XS_BASELINE_JAR\`,
\`baseline\` in the commands below) and from this one, in the same run; \"change\" is this
build against the baseline (for \"higher\" figures positive is better, for \"lower\" negative).

| scenario | figure | baseline | this build | change | better | conditions, baseline run | conditions, this build's run |
|---|---|---|---|---|---|---|---|
$brows"
fi
bench_commands="$(sed 's/^/    /' "$results/commands.txt" | awk '!seen[$0]++')"
server_commands="$(sed 's/^/    /' "$results/commands.txt.servers" 2>/dev/null | awk '!seen[$0]++')"

mkdir -p "$(dirname "$doc")"
cat >"$doc" <<EOF
# Benchmarks: Xshathra Realtime and Centrifugo side by side

Generated by \`bench/side-by-side.sh\` (run $when, commit $commit); re-run the script to
refresh it rather than editing by hand. Each scenario ran against a freshly started server,
against each server in turn (the order of the commands below), with the same configuration (\`bench/config.json\`, a Centrifugo
v6 file both servers read) and the same bench arguments. A pair disturbed by other work can be
measured again on its own (\`XS_RESULTS=<results folder> XS_SCENARIOS=<scenario>\`); the
conditions columns say when each run ended.

**Read these numbers with the machine in mind.** $machine_note The last
two columns give, for each run, when it ended (UTC), the 1-, 5- and 15-minute load averages (\`/proc/loadavg\`) at
its end (they include the run itself: the bench and the server alone keep the 1-minute figure
near 2-3) and "others": the CPU that processes other than the server and the bench used while
it was measured (whole-machine busy time from \`/proc/stat\` minus the two), in % of one core.
The script waits (bounded) for other work to calm down before each run, and runs again, once, a
run during which others used more than ${max_others}% of a core; a high "others" figure next to
a number means that number is pessimistic. Absolute numbers are modest and noisy; the ratios,
measured the same way minutes apart, are the useful part. "better" says which direction wins.

## The targets (ours / Centrifugo)

| target | wanted | this run | |
|---|---|---|---|
$targets
The cold-start bound is absolute (Centrifugo in this run: $(fmt "$(json centrifugo cold .subscribe_ms_median)") ms).

$repeated
$( [[ -f "$(dirname "$doc")/benchmarks-fanout.svg" && -n "${XS_SWEEP_RATES:-}" ]] && printf '### Latency against delivered rate

The fan-out scenario at publication rates %s (0: as fast as the server answers), each point a fresh server of each kind after the same warm-up; p50 solid, p99 dashed. Drawn by `xshathra bench chart` from `sweep-points.tsv` in the results folder.

![latency against delivered rate](benchmarks-fanout.svg)
' "$XS_SWEEP_RATES" )

$analysis

## Results

| scenario | figure | ours | Centrifugo | ours / Centrifugo | better | conditions, ours run | conditions, Centrifugo run |
|---|---|---|---|---|---|---|---|
$rows
$( [[ -n "$failures" ]] && printf '### Failures\n\n%s' "$failures" || printf 'Every run passed its checks: no loss, reordering, duplicates, errors or dropped connections.\n' )

A value marked "(noisy)" was measured while other processes used more than ${max_others}% of a
core even after waiting and running it again; its ratio is in parentheses and it is left out of
the two lists below.

### Where we lose (more than 10 % worse than Centrifugo)

${losses:-- nowhere in this run}

### Where we win (more than 10 % better)

${wins:-- nowhere in this run}

$baseline_section

$before_after

$redis_mode

$http_edge

## Scenarios

- **cold**: the server is started while \`bench/cold-start.mjs\` (on the load generator's CPU)
  polls \`/health\` every 2 ms; the moment it first answers 200, one WebSocket client connects
  and subscribes; the connect and subscribe replies are timed from that moment. The client is
  plain TCP with its request bytes built and its socket code run before the server starts, so
  that its own first use does not count (a WebSocket package's first use in a fresh Node
  process added about 10 ms on this machine's 2 GHz cores, to both servers); it alone polls
  \`/health\`. Three starts per server, the median reported.
  Ours is started by the launcher with its class-data archive already written
  (\`bench/class-data.sh\`, as any second start of a new user's server).
- **sweep-RATE**: fan-out (as fanout-max) at RATE publications/s; the points of the chart.
- **idle**: ${idle_connections} connections (the most a process may open under this machine's
  hard open-files limit of $(ulimit -Hn), which no process here can raise), each subscribed to its own
  channel, opened 200 handshakes at a time, left alone for 30 s, then held for 20 s while
  answering pings. Server RSS from \`/proc/PID/status\` (VmRSS) before opening and at the end,
  per connection; CPU from \`/proc/PID/stat\` (utime + stime) while holding. The first server
  pings arrive 12.5-25 s after each connect, so the ping path has run (and, for our server, been
  compiled by the JIT) before the hold starts. For a JVM, RSS counts the heap pages touched so
  far, not the heap's size; connection objects that land in young-generation pages touched
  earlier add nothing, so read our per-connection figure as the growth of the process's
  footprint, not as the size of a connection's objects.
- **fanout-rate**: 10 channels x 100 subscribers (1,000 connections, JSON), 100 publications/s in
  total through the server API (4 keep-alive HTTP connections, one request in flight each),
  128-byte payloads: 10,000 deliveries/s asked for. Latency is publish (just before the HTTP
  request is written) to delivery (the frame arriving at the subscriber), one clock, one process.
- **fanout-100k**: the same at 1,000 publications/s (100,000 deliveries/s asked for), through
  10 API connections: below saturation, where CPU per delivery and latency matter.
- **fanout-max**: the same with \`--rate 0\`: 10 API connections publish as fast as the server
  acknowledges, so the figure is the server's fan-out throughput on this machine. When server
  CPU plus bench CPU come near 200 %, both cores were busy: the figure is then as much a limit
  of this machine (and of the load generator's share of it) as of the server.
- **fanout-max-pb**: fanout-max with Protobuf subscribers.
- **fanout-client**: like fanout-rate but Protobuf clients, and publications sent by a client
  connection per channel (\`publish\` command) instead of the API.
- **connect**: 50 loops of connect (fresh HS256 token, verified by the server) + subscribe +
  close; completed cycles per second and their latency.
- **api**: server API \`publish\` requests per second over 8 keep-alive connections, no
  subscribers.

The fanout and api runs load the server for an unmeasured ${warmup} s warm-up, the connect runs
for ${XS_CONNECT_WARMUP:-90} s, then each measures for ${duration} s; the fan-out runs then wait up to 5 s for the last deliveries and fail on
any loss or reordering. The warm-up is the same for both servers; it is long because a JVM
compiles its hot paths while they run: on this 2-core machine the compiler threads were still
busy 45 s into a connect run and took a third of our server's CPU, so a 5 s warm-up measured
the compiler as much as the server (the connect path, the slowest to compile, reached its
steady rate only after about 60 s). A server runs for days: the figures compare steady states.

## Machine

- CPUs: $machine_cpus ($cpu_model)
- Memory: $mem_total
- Kernel: $(uname -sr)
- Open-files limit: $(ulimit -n); ephemeral ports: $(tr '\t' '-' </proc/sys/net/ipv4/ip_local_port_range)

## Versions

- Ours: $ours_version, commit $commit
- Centrifugo: $cf_version, built from source with \`go install\` (version stamped with \`-ldflags\`)
- JVM: $java_version (server and bench)
- Centrifugo ran with \`GOMAXPROCS=${XS_GOMAXPROCS:-?}\`, the number of CPUs its server was pinned to

## JVM flags for our server

\`$ours_jvm\`

$(cat "$root/bench/jvm-flags.md")

## Exact commands

Servers (one fresh process per run):

$server_commands

Bench runs (\`<pid>\` is the server's process id):

$bench_commands

Raw results (JSON per run, progress logs) were written to \`bench/results/$when/\` (not committed).
EOF
