package io.xshathra.controlplane.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff b = Backoff.defaults();

    @Test
    void waitsDoubleFromOneSecondUpToTenMinutes() {
        assertThat(b.delayMillis(1, () -> 0.999999)).isEqualTo(999);
        assertThat(b.delayMillis(2, () -> 0.999999)).isEqualTo(1999);
        assertThat(b.delayMillis(5, () -> 0.999999)).isEqualTo(15_999);
        assertThat(b.delayMillis(11, () -> 0.999999)).isEqualTo(599_999);
        assertThat(b.delayMillis(1000, () -> 0.999999)).as("capped, no overflow").isEqualTo(599_999);
    }

    @Test
    void jitterTakesUpToHalfOff() {
        assertThat(b.delayMillis(3, () -> 0.0)).isEqualTo(2000);
        assertThat(b.delayMillis(3, () -> 0.5)).isEqualTo(3000);
        assertThat(b.delayMillis(0, () -> 0.0)).as("a nonsense count is the first wait").isEqualTo(500);
    }

    @Test
    void aBatchIsAbandonedADayAfterItEnteredTheOutbox() {
        long created = 1_000_000;
        assertThat(b.retryAt(3, created, created + 10_000, () -> 0.0)).isEqualTo(created + 12_000);
        long nearlyADay = created + Duration.ofHours(24).toMillis() - 1000;
        assertThat(b.retryAt(30, created, nearlyADay, () -> 0.0)).as("the next wait would pass the day").isNull();
    }

    @Test
    void nonsenseSchedulesAreRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
