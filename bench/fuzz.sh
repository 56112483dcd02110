#!/usr/bin/env bash
# The fuzz campaign: the long form of the jqwik fuzz targets that `mvn verify` runs briefly.
# Each group runs in its own Maven reactor build (upstream modules from this checkout, never
# `mvn install`), with many tries per target and a time budget per target; every target prints
# one `FUZZ <target>: N inputs in T s ...` line, and the summary at the end adds them up.
#
#   bench/fuzz.sh [GROUP...]        groups: codec edge controlplane (default: all three)
#
# Per group, tries per target and seconds per target (the budget ends a target early):
#   FUZZ_CODEC_TRIES=2000000  FUZZ_CODEC_SECONDS=900
#   FUZZ_EDGE_TRIES=300000    FUZZ_EDGE_SECONDS=900
#   FUZZ_CP_TRIES=200000      FUZZ_CP_SECONDS=900
# FUZZ_INPUT_MILLIS (default 10000) fails an input slower than that; FUZZ_HANG_SECONDS (120)
# halts the test JVM on a stuck input. Output: target/fuzz/<group>.log and target/fuzz/summary.txt.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/target/fuzz"
mkdir -p "$out"
groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(codec edge controlplane)

run() { # group module tests tries seconds
  local group="$1" module="$2" tests="$3" tries="$4" seconds="$5"
  echo "== $group: $tests, $tries tries per target, at most ${seconds}s per target"
  local start=$SECONDS rc=0
  (cd "$root" && mvn -B -ntp -o -pl "$module" -am verify -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dit.test=NONE -Dfailsafe.failIfNoSpecifiedTests=false -Djqwik.tries.default="$tries" \
      -Dfuzz.seconds="$seconds" -Dfuzz.inputMillis="${FUZZ_INPUT_MILLIS:-10000}" \
      -Dfuzz.hangSeconds="${FUZZ_HANG_SECONDS:-120}") >"$out/$group.log" 2>&1 || rc=$?
  grep -a '^FUZZ ' "$out/$group.log" || true
  echo "== $group: exit $rc after $((SECONDS - start))s (log: $out/$group.log)"
  return $rc
}

failed=0
for g in "${groups[@]}"; do
  case "$g" in
    codec) run codec protocol CodecFuzzTest "${FUZZ_CODEC_TRIES:-2000000}" "${FUZZ_CODEC_SECONDS:-900}" || failed=1 ;;
    edge) run edge engine-netty 'HttpEdgeFuzzTest,RouteBodyFuzzTest' "${FUZZ_EDGE_TRIES:-300000}" \
        "${FUZZ_EDGE_SECONDS:-900}" || failed=1 ;;
    controlplane) run controlplane controlplane 'ControlPlaneApiFuzzTest,ConsoleFormFuzzTest' \
        "${FUZZ_CP_TRIES:-200000}" "${FUZZ_CP_SECONDS:-900}" || failed=1 ;;
    *) echo "unknown group $g (codec, edge, controlplane)" >&2; exit 2 ;;
  esac
done

cat "$out"/*.log | grep -a '^FUZZ ' | awk '
  { n = $3; total += n; printf "%-40s %12d inputs in %8s s\n", $2, n, $6 }
  END { printf "%-40s %12d inputs\n", "total", total }' | tee "$out/summary.txt"
exit $failed
