package io.xshathra.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyFailureLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void failuresSpendTheBudgetAndTimeRefillsIt() {
        KeyFailureLimiter limiter = new KeyFailureLimiter(3, 1, 100, now::get);
        assertThat(limiter.retryAfter("a")).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.retryAfter("a")).isZero();
            limiter.failed("a");
        }
        assertThat(limiter.retryAfter("a")).isEqualTo(1);
        assertThat(limiter.retryAfter("b")).as("other addresses are untouched").isZero();
        now.addAndGet(999_000_000L);
        assertThat(limiter.retryAfter("a")).isEqualTo(1);
        now.addAndGet(1_000_000L);
        assertThat(limiter.retryAfter("a")).isZero();
        limiter.failed("a");
        assertThat(limiter.retryAfter("a")).isEqualTo(1);
    }

    @Test
    void addressesAreBoundedAndTheLeastRecentlySeenIsForgotten() {
        KeyFailureLimiter limiter = new KeyFailureLimiter(1, 0.001, 2, now::get);
        limiter.failed("a");
        limiter.failed("b");
        assertThat(limiter.retryAfter("a")).isPositive();
        limiter.failed("c");
        assertThat(limiter.trackedAddresses()).isEqualTo(2);
        assertThat(limiter.retryAfter("b")).as("b was the least recently seen: forgotten").isZero();
        assertThat(limiter.retryAfter("a")).isPositive();
        assertThat(limiter.retryAfter("c")).isPositive();
    }
}
