package io.xshathra.controlplane.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-key token buckets: {@code ratePerSecond} sustained with bursts up to {@code burst}.
 * Thread-safe. Keys are project ids, so the map is bounded by the number of projects.
 */
final class RateLimiter {
    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedAt = now;
        }
    }

    RateLimiter(double ratePerSecond, int burst, LongSupplier nanoClock) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /**
     * Takes one token for the key.
     *
     * @return 0 when allowed, else the whole seconds to wait before the next token
     */
    long acquire(String key) {
        long now = nanoClock.getAsLong();
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (b) {
            // Another thread may have read the clock before this one and stored a later time:
            // time never runs backwards for a bucket, so a stale reading adds nothing.
            if (now > b.updatedAt) {
                b.tokens = Math.min(burst, b.tokens + (now - b.updatedAt) * ratePerNano);
                b.updatedAt = now;
            }
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / ratePerNano / 1e9));
        }
    }
}
