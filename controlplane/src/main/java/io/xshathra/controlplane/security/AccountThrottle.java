package io.xshathra.controlplane.security;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Growing delays between failed sign-ins to one account, from anywhere: {@code freeFailures}
 * failures in a row cost nothing, then the next attempt must wait {@code firstDelay} after the
 * last failure, doubled per further failure up to {@code maxDelay}. There
 * is no lock: a third party who keeps failing can only hold an account at {@code maxDelay}
 * between attempts, and the owner's recognised browser is not subject to the delay at all (the
 * caller decides that; see {@code Accounts.authenticate}). A success, or {@code forgetAfter}
 * without failures, clears the account.
 *
 * <p>Keyed by account id, so only accounts that exist are tracked: failures against unknown
 * emails never enter, and no number of them can evict or reset a real account's count. At most
 * {@code maxAccounts} entries; when that is full of recent failures a new account is simply not
 * tracked (the per-address limit and hashing pool still apply) rather than evicting another.
 * Thread-safe.
 */
public final class AccountThrottle {

    /**
     * The schedule.
     *
     * @param freeFailures failures before the first delay
     * @param firstDelay   the first delay, doubled per further failure
     * @param maxDelay     the longest delay
     * @param forgetAfter  failures are forgotten this long after the last one
     * @param maxAccounts  accounts tracked at most
     */
    public record Schedule(int freeFailures, Duration firstDelay, Duration maxDelay, Duration forgetAfter,
                           int maxAccounts) {
        public Schedule {
            if (freeFailures < 0 || firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0
                    || forgetAfter.compareTo(maxDelay) < 0 || maxAccounts < 1) {
                throw new IllegalArgumentException("invalid account throttle schedule");
            }
        }
    }

    /** Five failures, then waits of 2 s, 4 s, 8 s ... up to 15 minutes; forgotten after a day; 100,000 accounts. */
    public static final Schedule STANDARD = new Schedule(5, Duration.ofSeconds(2), Duration.ofMinutes(15),
            Duration.ofDays(1), 100_000);

    private record State(int failures, long lastMillis) {
    }

    private final Clock clock;
    private final Schedule schedule;
    private final Map<String, State> accounts = new HashMap<>();

    public AccountThrottle(Clock clock, Schedule schedule) {
        this.clock = clock;
        this.schedule = schedule;
    }

    public static AccountThrottle standard(Clock clock) {
        return new AccountThrottle(clock, STANDARD);
    }

    /** How long the account's next attempt must wait, or empty when it may be tried now. */
    public synchronized Optional<Duration> retryAfter(String accountId) {
        long now = clock.millis();
        State s = current(accountId, now);
        if (s == null) {
            return Optional.empty();
        }
        long wait = s.lastMillis() + delay(s.failures()).toMillis() - now;
        return wait > 0 ? Optional.of(Duration.ofMillis(wait)) : Optional.empty();
    }

    /** Counts a failed attempt against the account. */
    public synchronized void failed(String accountId) {
        long now = clock.millis();
        State s = current(accountId, now);
        if (s == null && accounts.size() >= schedule.maxAccounts() && !sweep(now)) {
            return;
        }
        accounts.put(accountId, new State(s == null ? 1 : s.failures() + 1, now));
    }

    /** Clears the account after a successful sign-in. */
    public synchronized void succeeded(String accountId) {
        accounts.remove(accountId);
    }

    /** The delay after {@code failures} failures. */
    Duration delay(int failures) {
        int over = failures - schedule.freeFailures() + 1;
        if (over <= 0) {
            return Duration.ZERO;
        }
        long ms = schedule.firstDelay().toMillis() << Math.min(over - 1, 30);
        return Duration.ofMillis(Math.min(ms, schedule.maxDelay().toMillis()));
    }

    private State current(String accountId, long now) {
        State s = accounts.get(accountId);
        if (s != null && now - s.lastMillis() >= schedule.forgetAfter().toMillis()) {
            accounts.remove(accountId);
            return null;
        }
        return s;
    }

    private boolean sweep(long now) {
        long forget = schedule.forgetAfter().toMillis();
        for (Iterator<State> it = accounts.values().iterator(); it.hasNext(); ) {
            if (now - it.next().lastMillis() >= forget) {
                it.remove();
            }
        }
        return accounts.size() < schedule.maxAccounts();
    }
}
