package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoadMeterTest {
    private static final long MS = 1_000_000;

    /** Passes of {@code busyMs} every {@code everyMs} for {@code windows} windows, starting at {@code t}. */
    private static long run(LoadMeter m, long t, long busyMs, long everyMs, int windows) {
        long end = t + windows * LoadMeter.WINDOW_NANOS;
        while (t < end) {
            m.record(t, t + busyMs * MS);
            t += everyMs * MS;
        }
        return t;
    }

    @Test
    void aLightlyLoadedLoopHoldsNothing() {
        LoadMeter m = new LoadMeter();
        run(m, 1, 1, 10, 10); // 10 % of the time writing
        assertThat(m.share()).isBetween(0.05, 0.15);
        assertThat(m.holdNanos()).isZero();
    }

    @Test
    void theHoldGrowsWithTheShareUpToItsBound() {
        LoadMeter m = new LoadMeter();
        long t = run(m, 1, 3, 10, 10); // 30 %: half way between the free and the full share
        assertThat(m.holdNanos()).isBetween(LoadMeter.MAX_HOLD_NANOS / 3, 2 * LoadMeter.MAX_HOLD_NANOS / 3);
        run(m, t, 9, 10, 10); // 90 %
        assertThat(m.holdNanos()).isEqualTo(LoadMeter.MAX_HOLD_NANOS);
    }

    @Test
    void aQuietSpellForgetsThePastLoad() {
        LoadMeter m = new LoadMeter();
        long t = run(m, 1, 9, 10, 10);
        assertThat(m.holdNanos()).isPositive();
        t += 10 * LoadMeter.WINDOW_NANOS; // no pass for half a second
        m.record(t, t + 1000);
        assertThat(m.holdNanos()).isZero();
    }
}
