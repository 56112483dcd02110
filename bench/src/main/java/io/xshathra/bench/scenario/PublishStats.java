package io.xshathra.bench.scenario;

import io.xshathra.bench.stats.LatencyRecorder;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** What the publishers did, shared by all lanes. Thread-safe. */
final class PublishStats {
    /** Acknowledged publishes per channel: what each subscriber of that channel must receive. */
    final AtomicLongArray published;
    final LongAdder total = new LongAdder();
    final LongAdder inWindow = new LongAdder();
    /** Messages the schedule skipped because the lanes could not keep up with the target rate. */
    final LongAdder behind = new LongAdder();
    final Reasons errors = new Reasons();
    /** Request-to-acknowledgement time of each publish. */
    final LatencyRecorder ackLatency = new LatencyRecorder();
    final Window window;

    PublishStats(int channels, Window window) {
        this.published = new AtomicLongArray(channels);
        this.window = window;
    }

    void acknowledged(int channel, long nanos) {
        published.incrementAndGet(channel);
        total.increment();
        if (window.isOpen()) {
            inWindow.increment();
            ackLatency.recordNanos(nanos);
        }
    }

    long publishedTo(int channel) {
        return published.get(channel);
    }
}
