package io.xshathra.controlplane.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A budget of failed API-key checks per client address: {@code burst} failures at once, then
 * {@code ratePerSecond}. An address over its budget is refused before its key is looked up, so
 * a flood of made-up keys from one address costs no database reads and cannot crowd out the
 * lookups of valid keys; only failures spend the budget, so a backend with a valid key is never
 * slowed by its own traffic. At most {@code maxAddresses} addresses are tracked; when full, the
 * least recently seen is forgotten (it starts again with a full budget). Thread-safe; used only
 * for keys that are not already remembered as valid, so the lock is off the hot path.
 */
final class KeyFailureLimiter {

    private final double burst;
    private final double ratePerSecond;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> buckets;

    KeyFailureLimiter(int burst, double ratePerSecond, int maxAddresses, LongSupplier nanoClock) {
        this.burst = burst;
        this.ratePerSecond = ratePerSecond;
        this.nanoClock = nanoClock;
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** 0 when the address may have a key looked up, else the whole seconds until it may. */
    synchronized long retryAfter(String address) {
        TokenBucket b = buckets.get(address);
        if (b == null) {
            return 0;
        }
        b.refill(nanoClock.getAsLong());
        return b.secondsUntilToken();
    }

    /** Spends one unit of the address's budget on a key that did not authenticate. */
    synchronized void failed(String address) {
        long now = nanoClock.getAsLong();
        TokenBucket b = buckets.computeIfAbsent(address, a -> new TokenBucket(burst, ratePerSecond, now));
        b.refill(now);
        b.spend();
    }

    synchronized int trackedAddresses() {
        return buckets.size();
    }
}
