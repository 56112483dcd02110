package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.ClientTuning;
import org.junit.jupiter.api.Test;

class LoadMeterTest {
    private static final long MS = 1_000_000;
    private static final long MAX = 8 * MS;

    /** Passes of {@code busyMs} every {@code everyMs} for {@code windows} windows, starting at {@code t}. */
    private static long run(LoadMeter m, long t, long busyMs, long everyMs, int windows) {
        long end = t + windows * LoadMeter.WINDOW_NANOS;
        while (t < end) {
            m.record(t, t + busyMs * MS);
            t += everyMs * MS;
        }
        return t;
    }

    /** A meter that may hold up to {@link #MAX}. */
    private static LoadMeter meter() {
        LoadMeter m = new LoadMeter();
        m.maxHold(MAX);
        return m;
    }

    @Test
    void byDefaultItHoldsUpToTheConfigDefault() {
        LoadMeter m = new LoadMeter();
        run(m, 1, 9, 10, 10); // 90 % of the time writing
        assertThat(m.holdNanos()).isEqualTo(ClientTuning.DEFAULT_WRITE_HOLD_MAX.toNanos()).isEqualTo(MAX);
    }

    @Test
    void aLightlyLoadedLoopHoldsNothing() {
        LoadMeter m = meter();
        run(m, 1, 1, 10, 10); // 10 % of the time writing
        assertThat(m.share()).isBetween(0.05, 0.15);
        assertThat(m.holdNanos()).isZero();
    }

    @Test
    void theHoldGrowsWithTheShareUpToItsBound() {
        LoadMeter m = meter();
        long t = run(m, 1, 3, 10, 10); // 30 %: half way between the free and the full share
        assertThat(m.holdNanos()).isBetween(MAX / 3, 2 * MAX / 3);
        run(m, t, 9, 10, 10); // 90 %
        assertThat(m.holdNanos()).isEqualTo(MAX);
    }

    @Test
    void aQuietSpellForgetsThePastLoad() {
        LoadMeter m = meter();
        long t = run(m, 1, 9, 10, 10);
        assertThat(m.holdNanos()).isPositive();
        t += 10 * LoadMeter.WINDOW_NANOS; // no pass for half a second
        m.record(t, t + 1000);
        assertThat(m.holdNanos()).isZero();
    }

    @Test
    void theConfiguredMaximumBoundsTheHold() {
        LoadMeter m = meter();
        m.maxHold(2 * MS);
        run(m, 1, 9, 10, 10); // 90 %
        assertThat(m.holdNanos()).isEqualTo(2 * MS);
    }

    @Test
    void aZeroMaximumNeverHolds() {
        LoadMeter m = meter();
        m.maxHold(0);
        run(m, 1, 9, 10, 10);
        assertThat(m.share()).isGreaterThan(0.8);
        assertThat(m.holdNanos()).isZero();
    }

    @Test
    void aLoopThatHoldsNothingWritesEveryConnectionInThePass() {
        LoadMeter m = meter();
        run(m, 1, 1, 10, 10);
        assertThat(m.remaining(0)).isZero();
        assertThat(m.remaining(MAX)).isZero();
    }

    @Test
    void aHeldConnectionWaitsForItsHoldAndPassesAreSpaced() {
        LoadMeter m = meter();
        run(m, 1, 9, 10, 10);
        long spacing = MAX * LoadMeter.SPACING_EIGHTHS / 8;
        assertThat(spacing).isEqualTo(3 * MS);
        assertThat(m.remaining(0)).isEqualTo(MAX);
        assertThat(m.remaining(2 * MS)).isEqualTo(6 * MS);
        // Just short of its hold: the next pass comes no sooner than the spacing, so one pass
        // writes all the connections that became due in between.
        assertThat(m.remaining(7 * MS)).isEqualTo(spacing);
        assertThat(m.remaining(MAX - 1)).isEqualTo(spacing);
        assertThat(m.remaining(MAX)).isZero();
        assertThat(m.remaining(5 * MAX)).isZero();
    }

    @Test
    void theSpacingFollowsTheHold() {
        LoadMeter m = meter();
        m.maxHold(2 * MS);
        run(m, 1, 9, 10, 10);
        assertThat(m.remaining(2 * MS - 1)).isEqualTo(2 * MS * LoadMeter.SPACING_EIGHTHS / 8);
    }
}
