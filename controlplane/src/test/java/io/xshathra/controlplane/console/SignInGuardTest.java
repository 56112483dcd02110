package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.security.LoginThrottle;
import io.xshathra.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInGuardTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SignInGuard guard = new SignInGuard(clock, LoginThrottle.STANDARD);

    @Test
    void anAddressHasAtMostTwoAttemptsInFlight() {
        assertThat(guard.enter("192.0.2.1")).isTrue();
        assertThat(guard.enter("192.0.2.1")).isTrue();
        assertThat(guard.enter("192.0.2.1")).as("a third, pipelined or parallel").isFalse();
        assertThat(guard.enter("192.0.2.2")).isTrue();
        guard.leave("192.0.2.1");
        assertThat(guard.enter("192.0.2.1")).isTrue();
    }

    @Test
    void theInFlightTableIsBoundedAndEmptiesItself() {
        for (int i = 0; i < SignInGuard.MAX_ADDRESSES; i++) {
            assertThat(guard.enter("a" + i)).isTrue();
        }
        assertThat(guard.enter("one-too-many")).isFalse();
        for (int i = 0; i < SignInGuard.MAX_ADDRESSES; i++) {
            guard.leave("a" + i);
        }
        assertThat(guard.enter("one-too-many")).isTrue();
    }

    @Test
    void failuresAreCountedPerAddress() {
        for (int i = 0; i < 10; i++) {
            guard.failed("192.0.2.1");
        }
        assertThat(guard.retryAfter("192.0.2.1")).contains(Duration.ofSeconds(30));
        assertThat(guard.retryAfter("192.0.2.2")).isEmpty();
    }
}
