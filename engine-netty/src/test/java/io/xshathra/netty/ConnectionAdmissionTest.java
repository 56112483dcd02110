package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The connection rate bucket: a burst of the configured size, refilled at one per second. */
class ConnectionAdmissionTest {

    @Test
    void burstThenOnePerSecond() {
        AtomicLong now = new AtomicLong(1_000);
        ConnectionAdmission.RateBucket bucket = new ConnectionAdmission.RateBucket(3, now::get);
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        assertThat(bucket.tryTake()).isFalse();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(60));
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.tryTake()).as("refilled up to the burst only").isTrue();
        }
        assertThat(bucket.tryTake()).isFalse();
    }

    @Test
    void offWhenZero() {
        assertThat(ConnectionAdmission.RateBucket.of(0)).isNull();
        assertThat(ConnectionAdmission.RateBucket.of(1)).isNotNull();
    }
}
