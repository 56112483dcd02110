package io.xshathra.controlplane.webhooks;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When a failed batch is tried again: the n-th retry waits {@code min * 2^(n-1)}, capped at
 * {@code max}, then a random part of it is taken off (jitter: the wait lies between half and all
 * of it) so that many batches failing together do not retry together. A batch still failing
 * {@code giveUpAfter} after it entered the outbox is abandoned.
 *
 * @param min         the first wait (default 1 s)
 * @param max         the longest wait (default 10 min)
 * @param giveUpAfter how long a batch is tried in all (default 24 h)
 */
public record Backoff(Duration min, Duration max, Duration giveUpAfter) {

    public Backoff {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0 || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max and a non-negative give-up time");
        }
    }

    public static Backoff defaults() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofHours(24));
    }

    /**
     * The wait after the {@code failures}-th failed attempt (1 for the first).
     *
     * @param random a number in [0, 1)
     */
    public long delayMillis(int failures, DoubleSupplier random) {
        int shift = Math.min(Math.max(failures, 1) - 1, 30);
        long full = Math.min(max.toMillis(), min.toMillis() << shift);
        if (full < 0) {
            full = max.toMillis();
        }
        long half = full / 2;
        return half + (long) ((full - half) * random.getAsDouble());
    }

    /**
     * When to try a batch again after a failed attempt, or null to abandon it.
     *
     * @param failures  failed attempts so far, this one included
     * @param createdAt when the batch entered the outbox
     * @param now       now
     */
    public Long retryAt(int failures, long createdAt, long now, DoubleSupplier random) {
        long at = now + delayMillis(failures, random);
        return at - createdAt > giveUpAfter.toMillis() ? null : at;
    }
}
