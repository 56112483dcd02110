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
    private final double ratePerNano;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets;

    private static final class Bucket {
        double tokens;
        long updatedAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedAt = now;
        }
    }

    KeyFailureLimiter(int burst, double ratePerSecond, int maxAddresses, LongSupplier nanoClock) {
        this.burst = burst;
        this.ratePerNano = ratePerSecond / 1e9;
        this.nanoClock = nanoClock;
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** 0 when the address may have a key looked up, else the whole seconds until it may. */
    synchronized long retryAfter(String address) {
        Bucket b = buckets.get(address);
        if (b == null) {
            return 0;
        }
        refill(b);
        return b.tokens >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - b.tokens) / ratePerNano / 1e9));
    }

    /** Spends one unit of the address's budget on a key that did not authenticate. */
    synchronized void failed(String address) {
        Bucket b = buckets.computeIfAbsent(address, a -> new Bucket(burst, nanoClock.getAsLong()));
        refill(b);
        b.tokens = Math.max(0, b.tokens - 1);
    }

    synchronized int trackedAddresses() {
        return buckets.size();
    }

    private void refill(Bucket b) {
        long now = nanoClock.getAsLong();
        b.tokens = Math.min(burst, b.tokens + (now - b.updatedAt) * ratePerNano);
        b.updatedAt = now;
    }
}
