#!/usr/bin/env bash
# JMH microbenchmarks of the engine's hot path (see docs/microbenchmarks.md): short runs, the
# server's GC flags, allocation per operation (-prof gc), CPU time per operation (the CpuTimeProfiler
# of the microbench module, steadier than wall time on a shared machine), and the results table.
# Bounded in time: the whole run is killed after JMH_TIMEOUT seconds (default 1200).
#
#   bench/jmh.sh                      # every benchmark
#   bench/jmh.sh FanOutBench          # a regexp of benchmarks; further JMH options may follow
#   bench/jmh.sh -h                   # JMH's own options
#
# Build the jar first (no tests needed): mvn -q -pl microbench -am package -DskipTests
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/microbench/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  echo "missing $jar; build it with: mvn -q -pl microbench -am package -DskipTests" >&2
  exit 2
fi
results="$root/microbench/target/jmh-results.json"

echo "== $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
rc=0
# Five 2-second warm-ups: with other work on the machine the benchmark thread and the JIT get a
# fraction of a core, and shorter warm-ups left the CPU time per op still falling.
timeout --kill-after=15s "${JMH_TIMEOUT:-1200}" \
  java -jar "$jar" \
    -f 1 -wi 5 -w 2s -i 5 -r 1s \
    -prof gc -prof io.xshathra.microbench.CpuTimeProfiler \
    -jvmArgsAppend "-Xms512m -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=20" \
    -rf json -rff "$results" \
    "$@" || rc=$?
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if [ "$rc" -eq 124 ]; then
  echo "stopped after ${JMH_TIMEOUT:-1200} s (JMH_TIMEOUT)" >&2
fi
echo "== machine-readable results: $results" >&2
exit "$rc"
