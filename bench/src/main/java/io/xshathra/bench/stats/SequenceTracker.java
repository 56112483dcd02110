package io.xshathra.bench.stats;

/**
 * Delivery accounting for one subscriber of one channel whose publisher numbers messages
 * 1, 2, 3, ... in publish order. Counts distinct messages, reorderings (a message arriving after
 * a later one) and duplicates; losses are {@code published - distinct} once deliveries have
 * drained. Duplicates are recognised exactly within the 64 messages below the highest one seen;
 * an older late arrival is counted as reordered and distinct.
 *
 * <p>Not thread-safe: one tracker belongs to one connection and is used on its event loop.
 */
public final class SequenceTracker {
    private static final int WINDOW = 64;

    private long highest;
    /** Bit k set: message {@code highest - 1 - k} has been seen. */
    private long seen;
    private long distinct;
    private long reordered;
    private long duplicates;

    /**
     * Records one delivery.
     *
     * @return whether it was in order (the next number, or a forward gap)
     */
    public boolean record(long seq) {
        if (seq <= 0) {
            throw new IllegalArgumentException("sequence numbers start at 1: " + seq);
        }
        if (seq > highest) {
            long gap = seq - highest;
            seen = gap >= WINDOW ? 0 : seen << gap;
            if (highest > 0 && gap - 1 < WINDOW) {
                seen |= 1L << (gap - 1);
            }
            highest = seq;
            distinct++;
            return true;
        }
        if (seq == highest) {
            duplicates++;
            return false;
        }
        long k = highest - 1 - seq;
        if (k < WINDOW) {
            long bit = 1L << k;
            if ((seen & bit) != 0) {
                duplicates++;
                return false;
            }
            seen |= bit;
        }
        reordered++;
        distinct++;
        return false;
    }

    /** Distinct messages received. */
    public long distinct() {
        return distinct;
    }

    public long reordered() {
        return reordered;
    }

    public long duplicates() {
        return duplicates;
    }

    /** The highest sequence number seen (0 before any). */
    public long highest() {
        return highest;
    }

    /** Messages not received out of {@code published}; never negative. */
    public long lost(long published) {
        return Math.max(0, published - distinct);
    }
}
