package io.xshathra.bench.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in microseconds, recorded wait-free from any thread; {@link #interval()} hands out
 * what was recorded since the last call (for the once-a-second progress line) and keeps the
 * running total.
 */
public final class LatencyRecorder {
    /** One hour, in microseconds: anything slower is clamped. */
    private static final long HIGHEST = 3_600_000_000L;

    private final Recorder recorder = new Recorder(HIGHEST, 3);
    private final Histogram total = new Histogram(HIGHEST, 3);
    private Histogram recycled;

    /** Records one latency given in nanoseconds. */
    public void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        recorder.recordValue(Math.min(micros, HIGHEST));
    }

    /** What was recorded since the previous call, also added to the total. One caller thread at a time. */
    public synchronized Histogram interval() {
        Histogram h = recorder.getIntervalHistogram(recycled);
        total.add(h);
        recycled = h;
        return h;
    }

    /** Everything recorded so far (takes in the pending interval first). */
    public synchronized Histogram total() {
        interval();
        return total.copy();
    }

    /** Forgets everything recorded so far (the end of a warm-up). */
    public synchronized void reset() {
        recorder.reset();
        total.reset();
    }
}
