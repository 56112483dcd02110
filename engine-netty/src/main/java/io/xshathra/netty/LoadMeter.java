package io.xshathra.netty;

import io.xshathra.engine.config.ClientTuning;

/**
 * How much of an event loop's time its flushes take ({@link FlushBatch}), measured over windows
 * of {@link #WINDOW_NANOS} and smoothed, and the hold it implies: none while writing takes under
 * {@link #FREE_SHARE} of the time, rising in proportion to the most it may hold
 * ({@code client.write_hold_max}, {@link #maxHold}) at {@link #FULL_SHARE}. Holding lowers the
 * share (fewer, larger writes), which lowers the hold: the two settle where the loop has room to
 * spare.
 *
 * <p>Threading: the event loop only.
 */
final class LoadMeter {
    static final long WINDOW_NANOS = 50_000_000;
    static final double FREE_SHARE = 0.15;
    static final double FULL_SHARE = 0.45;

    private long windowStart;
    private long busy;
    private double share;
    private long hold;
    private long maxHold = ClientTuning.DEFAULT_WRITE_HOLD_MAX.toNanos();

    /** The most it holds, in nanoseconds (0: never); takes effect at the next window. */
    void maxHold(long nanos) {
        maxHold = nanos;
    }

    /** The current hold, in nanoseconds (0: flush after each turn). */
    long holdNanos() {
        return hold;
    }

    /** The smoothed share of time spent writing. */
    double share() {
        return share;
    }

    /** One flush pass ran from {@code start} to {@code end} ({@link System#nanoTime()}). */
    void record(long start, long end) {
        if (windowStart == 0) {
            windowStart = start;
        }
        busy += end - start;
        long span = end - windowStart;
        if (span >= WINDOW_NANOS) {
            close(span);
            windowStart = end;
        }
    }

    private void close(long span) {
        double measured = Math.min(1.0, (double) busy / span);
        busy = 0;
        // After a quiet spell (several windows without a pass) the past no longer says anything.
        share = span >= 4 * WINDOW_NANOS ? measured : 0.5 * share + 0.5 * measured;
        double f = (share - FREE_SHARE) / (FULL_SHARE - FREE_SHARE);
        hold = f <= 0 ? 0 : (long) (Math.min(1.0, f) * maxHold);
    }
}
