package io.xshathra.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aBurstIsAllowedThenOneFailurePerDrainPeriod() {
        LoginThrottle t = new LoginThrottle(clock, new LoginThrottle.Limits(3, Duration.ofSeconds(30), 100));
        for (int i = 0; i < 3; i++) {
            assertThat(t.retryAfter("1.2.3.4")).isEmpty();
            t.failed("1.2.3.4");
        }
        assertThat(t.retryAfter("1.2.3.4")).contains(Duration.ofSeconds(30));
        assertThat(t.retryAfter("1.2.3.5")).isEmpty();
        clock.advance(Duration.ofSeconds(20));
        assertThat(t.retryAfter("1.2.3.4")).contains(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        assertThat(t.retryAfter("1.2.3.4")).isEmpty();
        t.failed("1.2.3.4");
        assertThat(t.retryAfter("1.2.3.4")).isPresent();
    }

    @Test
    void aFloodFromOtherAddressesCannotEvictALiveEntry() {
        LoginThrottle t = new LoginThrottle(clock, new LoginThrottle.Limits(2, Duration.ofMinutes(1), 100));
        t.failed("victim-watcher");
        t.failed("victim-watcher");
        for (int i = 0; i < 10_050; i++) {
            t.failed("10.0." + (i / 250) + "." + (i % 250));
        }
        assertThat(t.size()).isEqualTo(100);
        assertThat(t.retryAfter("victim-watcher")).as("still counted").isPresent();
        // The untracked addresses share the overflow bucket, which the flood has filled too.
        assertThat(t.retryAfter("192.0.2.1")).isPresent();
    }

    @Test
    void drainedEntriesMakeRoomAgain() {
        LoginThrottle t = new LoginThrottle(clock, new LoginThrottle.Limits(2, Duration.ofSeconds(10), 3));
        t.failed("a");
        t.failed("b");
        t.failed("c");
        clock.advance(Duration.ofSeconds(10));
        t.failed("d");
        assertThat(t.size()).isEqualTo(1);
        t.failed("d");
        assertThat(t.retryAfter("d")).isPresent();
    }
}
