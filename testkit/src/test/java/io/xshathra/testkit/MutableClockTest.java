package io.xshathra.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void standsStillUntilAdvanced() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.123Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
        assertThat(clock.millis()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z").toEpochMilli());
        clock.advance(Duration.ofSeconds(90));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:01:30.123Z"));
        clock.set(Instant.EPOCH);
        assertThat(clock.millis()).isZero();
    }

    @Test
    void isUtcAndTheFixedStartIsRound() {
        MutableClock clock = MutableClock.atFixedInstant();
        assertThat(clock.instant()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.withZone(ZoneId.of("Europe/Paris"))).isSameAs(clock);
    }
}
