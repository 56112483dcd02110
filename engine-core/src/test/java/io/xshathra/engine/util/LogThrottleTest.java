package io.xshathra.engine.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LogThrottleTest {

    @Test
    void theFirstOccurrencePassesAndTheRestAreCountedUntilTheIntervalEnds() {
        LogThrottle t = new LogThrottle(1, TimeUnit.HOURS);
        assertThat(t.admit()).isZero();
        for (int i = 0; i < 5; i++) {
            assertThat(t.admit()).isEqualTo(-1);
        }
        assertThat(LogThrottle.more(5)).isEqualTo(" (5 more since the last one)");
        assertThat(LogThrottle.more(0)).isEmpty();
    }

    @Test
    void afterTheIntervalTheNextOneReportsHowManyWereHeldBack() {
        long[] now = {1_000};
        LogThrottle t = new LogThrottle(10, TimeUnit.SECONDS, () -> now[0]);
        assertThat(t.admit()).isZero();
        now[0] += TimeUnit.SECONDS.toNanos(9);
        assertThat(t.admit()).isEqualTo(-1);
        assertThat(t.admit()).isEqualTo(-1);
        now[0] += TimeUnit.SECONDS.toNanos(1);
        assertThat(t.admit()).as("10 s after the first: let through, two held back").isEqualTo(2);
        assertThat(t.admit()).isEqualTo(-1);
        now[0] += TimeUnit.SECONDS.toNanos(10);
        assertThat(t.admit()).isEqualTo(1);
    }
}
