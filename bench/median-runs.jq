# The median of several runs of one bench scenario (jq -s, the runs' JSON in order): every number
# is the median of that number over the runs (the middle one, or the mean of the two middle ones),
# except the integrity counters, which are summed, so one run's loss is never hidden; the runs' own
# figures are kept in .runs. Used by side-by-side.sh and redis-pair.sh.
def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
. as $runs
| ["lost", "reordered", "duplicates", "foreign", "disconnected", "publish_errors"] as $summed
| reduce ([$runs[0] | paths(numbers)][]) as $p ($runs[0];
    setpath($p; [$runs[] | getpath($p) // empty] | if ($p | length) == 1 and ($summed | index($p[0])) then add else median end))
| .passed = all($runs[]; .passed)
| .failures = [$runs | to_entries[] | .key as $k | .value.failures[]? | "run \($k + 1): \(.)"]
| .median_of = ($runs | length)
| .runs = [$runs[] | {server_cpu_percent, bench_cpu_percent, delivered_per_sec, p50: .latency_ms.p50, p99: .latency_ms.p99,
    publish_p50: .publish_latency_ms.p50, publish_p99: .publish_latency_ms.p99, others_cpu_percent}]
