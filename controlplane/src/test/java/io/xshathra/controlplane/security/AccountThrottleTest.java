package io.xshathra.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccountThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AccountThrottle t = AccountThrottle.standard(clock);

    @Test
    void delaysGrowFromTwoSecondsAndStopAtFifteenMinutes() {
        assertThat(t.delay(4)).isZero();
        assertThat(t.delay(5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(t.delay(6)).isEqualTo(Duration.ofSeconds(4));
        assertThat(t.delay(13)).isEqualTo(Duration.ofSeconds(512));
        assertThat(t.delay(14)).isEqualTo(Duration.ofSeconds(900));
        assertThat(t.delay(1_000)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theDelayRunsFromTheLastFailureAndNeverLocksForGood() {
        for (int i = 0; i < 5; i++) {
            assertThat(t.retryAfter("acct_a")).isEmpty();
            t.failed("acct_a");
        }
        assertThat(t.retryAfter("acct_a")).contains(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        assertThat(t.retryAfter("acct_a")).isEmpty();
        t.failed("acct_a");
        assertThat(t.retryAfter("acct_a")).contains(Duration.ofSeconds(4));
        for (int i = 0; i < 50; i++) {
            clock.advance(Duration.ofMinutes(15));
            t.failed("acct_a");
        }
        assertThat(t.retryAfter("acct_a")).contains(Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(15));
        assertThat(t.retryAfter("acct_a")).as("at most the cap, however long the attack").isEmpty();
        assertThat(t.retryAfter("acct_b")).isEmpty();
    }

    @Test
    void successOrADayWithoutFailuresClearsTheAccount() {
        for (int i = 0; i < 8; i++) {
            t.failed("acct_a");
            t.failed("acct_b");
        }
        t.succeeded("acct_a");
        assertThat(t.retryAfter("acct_a")).isEmpty();
        assertThat(t.retryAfter("acct_b")).isPresent();
        clock.advance(Duration.ofDays(1));
        assertThat(t.retryAfter("acct_b")).isEmpty();
    }

    @Test
    void aFullTableDoesNotEvictTrackedAccounts() {
        AccountThrottle small = new AccountThrottle(clock, new AccountThrottle.Schedule(1, Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofHours(1), 2));
        small.failed("acct_a");
        small.failed("acct_b");
        small.failed("acct_c");
        assertThat(small.retryAfter("acct_a")).isPresent();
        assertThat(small.retryAfter("acct_b")).isPresent();
        assertThat(small.retryAfter("acct_c")).isEmpty();
    }
}
