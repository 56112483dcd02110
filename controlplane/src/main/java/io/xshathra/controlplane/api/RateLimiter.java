package io.xshathra.controlplane.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-key token buckets: {@code ratePerSecond} sustained with bursts up to {@code burst}.
 * Thread-safe. Keys are project ids, so the map is bounded by the number of projects.
 */
final class RateLimiter {
    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(double ratePerSecond, int burst, LongSupplier nanoClock) {
        this.ratePerSecond = ratePerSecond;
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
        TokenBucket b = buckets.computeIfAbsent(key, k -> new TokenBucket(burst, ratePerSecond, now));
        synchronized (b) {
            b.refill(now);
            return b.tryTake() ? 0 : b.secondsUntilToken();
        }
    }
}
