package io.xshathra.controlplane.console;

import io.xshathra.controlplane.security.LoginThrottle;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the console checks per client address before it lets a sign-in, sign-up or setup
 * attempt reach the password hasher: the failure budget ({@link LoginThrottle}) and a limit of
 * {@value #PER_ADDRESS} attempts in flight at once, so one client cannot occupy the whole
 * hashing pool by sending many requests in parallel or pipelined. The in-flight table holds an
 * entry only while an attempt runs and at most {@value #MAX_ADDRESSES} of them; when full, new
 * addresses are refused like a busy pool. Thread-safe.
 */
final class SignInGuard {

    static final int PER_ADDRESS = 2;
    static final int MAX_ADDRESSES = 4096;

    private final LoginThrottle failures;
    private final Map<String, Integer> inFlight = new HashMap<>();

    SignInGuard(Clock clock, LoginThrottle.Limits limits) {
        this.failures = new LoginThrottle(clock, limits);
    }

    /** How long the address must wait after too many failures, or empty. */
    Optional<Duration> retryAfter(String address) {
        return failures.retryAfter(address);
    }

    void failed(String address) {
        failures.failed(address);
    }

    /** Takes an in-flight slot for the address; false when it already has {@value #PER_ADDRESS}. */
    synchronized boolean enter(String address) {
        Integer n = inFlight.get(address);
        if (n == null && inFlight.size() >= MAX_ADDRESSES || n != null && n >= PER_ADDRESS) {
            return false;
        }
        inFlight.put(address, n == null ? 1 : n + 1);
        return true;
    }

    /** Gives back a slot taken by {@link #enter}. */
    synchronized void leave(String address) {
        inFlight.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
    }
}
