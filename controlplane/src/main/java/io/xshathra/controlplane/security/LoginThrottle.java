package io.xshathra.controlplane.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory limit on failed sign-ins: at most {@code maxFailures} failures per key within
 * {@code window}; past that, the key is refused until its oldest failure leaves the window. A
 * success clears the key. Keys are chosen by the caller: the normalised email (what
 * {@code Accounts.authenticate} uses), or a client address for a second, per-address limit.
 *
 * <p>Kept in memory on purpose: it costs no database write per failed attempt and an attacker
 * cannot fill a table. Each node counts on its own, so N nodes allow N times the attempts; the
 * Argon2 cost of every attempt still applies. At most {@code maxKeys} keys are tracked (least
 * recently used dropped first), so memory stays bounded. Thread-safe.
 */
public final class LoginThrottle {

    /** 5 failures per 15 minutes, 10,000 keys. */
    public static LoginThrottle standard(Clock clock) {
        return new LoginThrottle(clock, 5, Duration.ofMinutes(15), 10_000);
    }

    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Map<String, Deque<Instant>> failures;

    public LoginThrottle(Clock clock, int maxFailures, Duration window, int maxKeys) {
        if (maxFailures < 1 || window.isNegative() || window.isZero() || maxKeys < 1) {
            throw new IllegalArgumentException("invalid throttle limits");
        }
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
        this.failures = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** How long the key must wait before its next attempt, or empty when it may try now. */
    public synchronized Optional<Duration> retryAfter(String key) {
        Deque<Instant> list = prune(key);
        if (list == null || list.size() < maxFailures) {
            return Optional.empty();
        }
        Duration wait = Duration.between(clock.instant(), list.peekFirst().plus(window));
        return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
    }

    /** Counts one failed attempt. */
    public synchronized void failed(String key) {
        Deque<Instant> list = prune(key);
        if (list == null) {
            list = new ArrayDeque<>();
            failures.put(key, list);
        }
        list.addLast(clock.instant());
        while (list.size() > maxFailures) {
            list.removeFirst();
        }
    }

    /** Forgets the key's failures after a successful sign-in. */
    public synchronized void succeeded(String key) {
        failures.remove(key);
    }

    private Deque<Instant> prune(String key) {
        Deque<Instant> list = failures.get(key);
        if (list == null) {
            return null;
        }
        Instant horizon = clock.instant().minus(window);
        while (!list.isEmpty() && !list.peekFirst().isAfter(horizon)) {
            list.removeFirst();
        }
        if (list.isEmpty()) {
            failures.remove(key);
            return null;
        }
        return list;
    }
}
