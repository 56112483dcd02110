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
 * <p>A hold saves a write only when another message for the same connection arrives while it
 * waits. So the meter also counts the messages written and the connections they went to
 * ({@link #wrote}) over periods of {@link #RATE_PERIOD_NANOS} (long enough for a connection that
 * gets a few messages a second to be counted more than once), which gives the rate at which one
 * connection receives messages; the hold
 * is scaled by how many messages a connection can be expected to get during the longest wait
 * (the maximum hold plus the spacing below): nothing under {@link #FEW_EXPECTED}, in full from
 * {@link #ENOUGH_EXPECTED}. With the default maximum, a busy loop whose connections each get a
 * message every 22 ms or more holds nothing: holding would delay every message and merge none.
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
    /** The period over which the messages per connection are counted. */
    static final long RATE_PERIOD_NANOS = 500_000_000;
    static final double FREE_SHARE = 0.15;
    static final double FULL_SHARE = 0.45;
    /** Least time between two passes while holding, in eighths of the hold. */
    static final int SPACING_EIGHTHS = 3;
    /** Messages a connection is expected to get during the longest wait, below which nothing is held. */
    static final double FEW_EXPECTED = 0.5;
    /** ... and from which the full hold applies. */
    static final double ENOUGH_EXPECTED = 1.0;

    private long windowStart;
    private long busy;
    private double share;
    private long hold;
    /** The current rate period, to count each connection once in it ({@link #wrote}). */
    private int period = 1;
    private long periodStart;
    private long messages;
    private long connections;
    /** Messages per second one connection receives, smoothed; -1 before the first rate period ends. */
    private double perConnection = -1;
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

    /**
     * One connection's write of {@code count} messages; {@code lastPeriod} is the rate period the
     * connection was last counted in, and the result the one to keep for it.
     */
    int wrote(int count, int lastPeriod) {
        messages += count;
        if (lastPeriod != period) {
            connections++;
        }
        return period;
    }

    /** The smoothed rate at which one connection receives messages (per second; -1: not known yet). */
    double perConnection() {
        return perConnection;
    }

    /** The smoothed share of time spent writing. */
    double share() {
        return share;
    }

    /** One flush pass ran from {@code start} to {@code end} ({@link System#nanoTime()}). */
    void record(long start, long end) {
        if (windowStart == 0) {
            windowStart = start;
            periodStart = start;
        }
        busy += end - start;
        long span = end - windowStart;
        if (span >= WINDOW_NANOS) {
            close(span, end);
            windowStart = end;
        }
    }

    private void close(long span, long end) {
        double measured = Math.min(1.0, (double) busy / span);
        busy = 0;
        // After a quiet spell (several windows without a pass) the past no longer says anything.
        boolean fresh = span >= 4 * WINDOW_NANOS;
        share = fresh ? measured : 0.5 * share + 0.5 * measured;
        long periodSpan = end - periodStart;
        if (fresh) {
            // A period that took in a quiet spell would understate the rate: start a new one.
            newPeriod(end);
        } else if (periodSpan >= RATE_PERIOD_NANOS) {
            if (connections > 0) {
                double rate = messages * 1e9 / ((double) connections * periodSpan);
                perConnection = perConnection < 0 ? rate : 0.5 * perConnection + 0.5 * rate;
            }
            newPeriod(end);
        }
        double f = (share - FREE_SHARE) / (FULL_SHARE - FREE_SHARE);
        double expected = perConnection * maxHold * (8 + SPACING_EIGHTHS) / 8 / 1e9;
        double g = (expected - FEW_EXPECTED) / (ENOUGH_EXPECTED - FEW_EXPECTED);
        hold = f <= 0 || g <= 0 ? 0 : (long) (Math.min(1.0, f) * Math.min(1.0, g) * maxHold);
    }

    private void newPeriod(long start) {
        messages = 0;
        connections = 0;
        period++;
        periodStart = start;
    }
}
