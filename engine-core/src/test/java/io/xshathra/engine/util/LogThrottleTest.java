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
        LogThrottle t = new LogThrottle(0, TimeUnit.NANOSECONDS);
        assertThat(t.admit()).isZero();
        // A zero interval lets every occurrence through: nothing is ever held back.
        assertThat(t.admit()).isZero();
        LogThrottle slow = new LogThrottle(1, TimeUnit.HOURS);
        slow.admit();
        slow.admit();
        slow.admit();
        assertThat(slow.admit()).as("still inside the interval").isEqualTo(-1);
    }
}
