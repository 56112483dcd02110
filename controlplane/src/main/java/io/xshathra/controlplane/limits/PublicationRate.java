package io.xshathra.controlplane.limits;

/**
 * One project's publication budget on this node: a token bucket holding at most one second's
 * worth ({@code perSecond}), refilled continuously, so a project may publish its whole second's
 * allowance at once and then keeps to the rate. Also counts what it admitted in the last whole
 * second, for the console. Thread-safe (its methods synchronise on it; they are short).
 */
final class PublicationRate {
    private static final long SECOND = 1_000_000_000L;

    private final int perSecond;
    private double tokens;
    private long updatedAt;
    private long windowStart;
    private int inWindow;
    private int lastWindow;

    PublicationRate(int perSecond, long now) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.updatedAt = now;
        this.windowStart = now;
    }

    /** The rate this bucket was made for. */
    int perSecond() {
        return perSecond;
    }

    /**
     * Takes {@code count} publications.
     *
     * @return 0 when admitted, else the whole seconds until they would be (at least 1)
     */
    synchronized long take(int count, long now) {
        roll(now);
        if (now > updatedAt) {
            tokens = Math.min(perSecond, tokens + (now - updatedAt) * (double) perSecond / SECOND);
            updatedAt = now;
        }
        if (tokens >= count) {
            tokens -= count;
            inWindow += count;
            return 0;
        }
        double missing = Math.min(count, perSecond) - tokens;
        return Math.max(1, (long) Math.ceil(missing / perSecond));
    }

    /** Publications admitted in the last whole second (or in the current one, when that is more). */
    synchronized int recent(long now) {
        roll(now);
        return Math.max(lastWindow, inWindow);
    }

    private void roll(long now) {
        long elapsed = now - windowStart;
        if (elapsed >= SECOND) {
            lastWindow = elapsed >= 2 * SECOND ? 0 : inWindow;
            inWindow = 0;
            windowStart = elapsed >= 2 * SECOND ? now : windowStart + SECOND;
        }
    }
}
