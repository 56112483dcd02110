package io.xshathra.bench.scenario;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** Counts failures by reason, so ten thousand identical failures print as one line. Thread-safe. */
final class Reasons {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    void add(String reason) {
        counts.computeIfAbsent(reason, r -> new LongAdder()).increment();
        total.increment();
    }

    long total() {
        return total.sum();
    }

    /** {@code 12 x reason; 3 x other reason}, the most frequent first, at most five. */
    String summary() {
        return counts.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
                .limit(5)
                .map(e -> e.getValue().sum() + " x " + e.getKey())
                .collect(Collectors.joining("; "));
    }
}
