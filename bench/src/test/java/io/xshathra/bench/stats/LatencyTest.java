package io.xshathra.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyTest {

    @Test
    void percentilesInMilliseconds() {
        Histogram h = new Histogram(3_600_000_000L, 3);
        for (int us = 1; us <= 10_000; us++) {
            h.recordValue(us);
        }
        LatencySummary s = LatencySummary.of(h);
        assertThat(s.count()).isEqualTo(10_000);
        assertThat(s.p50()).isCloseTo(5.0, within(0.01));
        assertThat(s.p90()).isCloseTo(9.0, within(0.01));
        assertThat(s.p99()).isCloseTo(9.9, within(0.01));
        assertThat(s.p999()).isCloseTo(9.99, within(0.01));
        assertThat(s.max()).isCloseTo(10.0, within(0.01));
        assertThat(s.mean()).isCloseTo(5.0, within(0.01));
        assertThat(s.asMap()).containsOnlyKeys("p50", "p90", "p99", "p99_9", "max", "mean", "count");
    }

    @Test
    void emptyIsAllZeros() {
        assertThat(LatencySummary.of(new Histogram(3))).isEqualTo(new LatencySummary(0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void recorderKeepsTheTotalAcrossIntervals() {
        LatencyRecorder r = new LatencyRecorder();
        r.recordNanos(1_000_000);
        r.recordNanos(2_000_000);
        assertThat(r.interval().getTotalCount()).isEqualTo(2);
        r.recordNanos(3_000_000);
        r.recordNanos(-5);
        assertThat(r.interval().getTotalCount()).isEqualTo(2);
        Histogram total = r.total();
        assertThat(total.getTotalCount()).isEqualTo(4);
        assertThat(total.getMinValue()).isZero();
        assertThat(LatencySummary.of(total).max()).isCloseTo(3.0, within(0.01));
        r.reset();
        assertThat(r.total().getTotalCount()).isZero();
    }
}
