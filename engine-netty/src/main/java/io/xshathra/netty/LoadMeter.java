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
 * <p>While it holds, flush passes are spaced ({@link #remaining}): a pass that stops at a
 * connection whose hold has not passed comes back when it has, but never sooner than
 * {@link #SPACING_EIGHTHS} eighths of the hold later. Each pass then writes every connection
 * that has become due in between, in one burst, rather than a pass per fan-out; a connection
 * waits at most the hold plus that spacing, and meanwhile more of its messages join the write.
 *
 * <p>Threading: the event loop only.
 */
final class LoadMeter {
    static final long WINDOW_NANOS = 50_000_000;
    static final double FREE_SHARE = 0.15;
    static final double FULL_SHARE = 0.45;
    /** Least time between two passes while holding, in eighths of the hold. */
    static final int SPACING_EIGHTHS = 3;

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

    /**
     * How long a connection whose first waiting message is {@code age} nanoseconds old still
     * waits for the pass that writes it: 0 when the current pass writes it (nothing is held, or
     * its hold has passed); otherwise until its hold has passed, and at least the spacing.
     */
    long remaining(long age) {
        if (hold <= 0 || age >= hold) {
            return 0;
        }
        return Math.max(hold - age, hold * SPACING_EIGHTHS / 8);
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
