package io.xshathra.controlplane.security;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Failed sign-in (and setup-token) attempts per client address, as a leaky bucket: each failure
 * adds one, the bucket drains by one every {@code drainEvery}, and while another failure would
 * overflow {@code burst} the address is refused before any password is hashed. Success does not
 * empty the bucket: an attacker who owns one account must not be able to reset his address's
 * count by signing in to it between guesses. Keys are {@link TrustedProxies#throttleKey} values
 * (an IPv4 address or an IPv6 /64).
 *
 * <p><b>Bounded without eviction.</b> At most {@code maxKeys} addresses are tracked. An entry
 * leaves only once its bucket has drained completely, never because others arrived, so a flood
 * from many addresses cannot reset the count of a chosen address. While the table is full of
 * live entries, new addresses share one overflow bucket ({@code burst} times ten, draining ten
 * times faster): a distributed flood then slows sign-in for untracked addresses rather than
 * lifting the limit. Kept in memory: no database write per failed attempt; each node counts on
 * its own. Thread-safe.
 */
public final class LoginThrottle {

    /**
     * The limits.
     *
     * @param burst      failures allowed back to back
     * @param drainEvery one failure is forgiven per this period
     * @param maxKeys    addresses tracked at most
     */
    public record Limits(int burst, Duration drainEvery, int maxKeys) {
        public Limits {
            if (burst < 1 || drainEvery.isNegative() || drainEvery.isZero() || maxKeys < 1) {
                throw new IllegalArgumentException("invalid throttle limits");
            }
        }
    }

    /** Ten failures back to back, then one per 30 seconds; 10,000 addresses. */
    public static final Limits STANDARD = new Limits(10, Duration.ofSeconds(30), 10_000);
    static final String OVERFLOW = "(overflow)";

    /** One address's bucket: its level at {@code atMillis}. */
    private static final class Bucket {
        double level;
        long atMillis;
    }

    private final Clock clock;
    private final Limits limits;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private final Bucket overflow = new Bucket();
    private long lastSweepMillis = Long.MIN_VALUE;

    public LoginThrottle(Clock clock, Limits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    public static LoginThrottle standard(Clock clock) {
        return new LoginThrottle(clock, STANDARD);
    }

    /** How long the address must wait before its next attempt, or empty when it may try now. */
    public synchronized Optional<Duration> retryAfter(String key) {
        long now = clock.millis();
        Bucket b = buckets.get(key);
        boolean shared = b == null && buckets.size() >= limits.maxKeys() && !sweep(now);
        if (shared) {
            b = overflow;
        }
        if (b == null) {
            return Optional.empty();
        }
        int burst = b == overflow ? limits.burst() * 10 : limits.burst();
        double drainMillis = drainMillis(b);
        double level = level(b, now, drainMillis);
        if (level + 1 <= burst) {
            return Optional.empty();
        }
        long wait = (long) Math.ceil((level + 1 - burst) * drainMillis - 1e-6); // no floating-point crumbs
        return Optional.of(Duration.ofMillis(Math.max(1000, wait)));
    }

    /** Counts one failed attempt from the address. */
    public synchronized void failed(String key) {
        long now = clock.millis();
        Bucket b = buckets.get(key);
        if (b == null) {
            if (buckets.size() >= limits.maxKeys() && !sweep(now)) {
                b = overflow;
            } else {
                b = new Bucket();
                b.atMillis = now;
                buckets.put(key, b);
            }
        }
        b.level = level(b, now, drainMillis(b)) + 1;
        b.atMillis = now;
    }

    /** How many addresses are tracked (for tests and metrics). */
    public synchronized int size() {
        return buckets.size();
    }

    private double drainMillis(Bucket b) {
        double ms = limits.drainEvery().toMillis();
        return b == overflow ? ms / 10 : ms;
    }

    private static double level(Bucket b, long now, double drainMillis) {
        double drained = (now - b.atMillis) / drainMillis;
        return Math.max(0, b.level - drained);
    }

    /**
     * Drops fully drained buckets; true when that made room. At most one full pass per drain
     * period, so a flood of new addresses against a full table costs O(1) per request.
     */
    private boolean sweep(long now) {
        long period = limits.drainEvery().toMillis();
        if (lastSweepMillis != Long.MIN_VALUE && now - lastSweepMillis < period) {
            return false;
        }
        lastSweepMillis = now;
        double drainMillis = period;
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (level(it.next(), now, drainMillis) <= 0) {
                it.remove();
            }
        }
        return buckets.size() < limits.maxKeys();
    }
}
