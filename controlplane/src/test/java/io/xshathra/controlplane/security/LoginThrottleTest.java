package io.xshathra.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.storage.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void theLimitSlidesWithItsWindow() {
        LoginThrottle t = new LoginThrottle(clock, 3, Duration.ofMinutes(10), 100);
        t.failed("a");
        clock.advance(Duration.ofMinutes(4));
        t.failed("a");
        t.failed("a");
        assertThat(t.retryAfter("a")).contains(Duration.ofMinutes(6));
        assertThat(t.retryAfter("b")).isEmpty();
        clock.advance(Duration.ofMinutes(6));
        assertThat(t.retryAfter("a")).isEmpty();
        t.failed("a");
        assertThat(t.retryAfter("a")).contains(Duration.ofMinutes(4));
        t.succeeded("a");
        assertThat(t.retryAfter("a")).isEmpty();
    }

    @Test
    void memoryIsBoundedByTheLeastRecentlyUsedKeys() {
        LoginThrottle t = new LoginThrottle(clock, 1, Duration.ofMinutes(10), 2);
        t.failed("a");
        t.failed("b");
        assertThat(t.retryAfter("a")).isPresent();
        t.failed("c"); // b is the least recently used now
        assertThat(t.retryAfter("b")).isEmpty();
        assertThat(t.retryAfter("a")).isPresent();
        assertThat(t.retryAfter("c")).isPresent();
    }
}
