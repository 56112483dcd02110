package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.ClientTuning;
import org.junit.jupiter.api.Test;

class LoadMeterTest {
    private static final long MS = 1_000_000;
    private static final long MAX = 8 * MS;
    private static final int CONNECTIONS = 100;

    /**
     * Passes of {@code busyMs} every {@code everyMs} for {@code windows} windows, starting at
     * {@code t}; each pass writes two messages to each of {@link #CONNECTIONS} connections:
     * connections that get messages often enough for any hold to merge some.
     */
    private static long run(LoadMeter m, long t, long busyMs, long everyMs, int windows) {
        return run(m, t, busyMs, everyMs, windows, CONNECTIONS, 2);
    }

    /**
     * The same, each pass writing one message to each of the next {@link #CONNECTIONS} of
     * {@code population} connections taken in turn: with a larger population each connection
     * gets a message less often.
     */
    private static long run(LoadMeter m, long t, long busyMs, long everyMs, int windows, int population) {
        return run(m, t, busyMs, everyMs, windows, population, 1);
    }

    private static long run(LoadMeter m, long t, long busyMs, long everyMs, int windows, int population,
                            int perWrite) {
        int[] stamps = new int[population];
        int next = 0;
        long end = t + windows * LoadMeter.WINDOW_NANOS;
        while (t < end) {
            for (int i = 0; i < CONNECTIONS; i++) {
                stamps[next] = m.wrote(perWrite, stamps[next]);
                next = (next + 1) % population;
            }
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
        run(m, 1, 9, 10, 20); // 90 % of the time writing
        assertThat(m.holdNanos()).isEqualTo(ClientTuning.DEFAULT_WRITE_HOLD_MAX.toNanos()).isEqualTo(MAX);
    }

    @Test
    void aLightlyLoadedLoopHoldsNothing() {
        LoadMeter m = meter();
        run(m, 1, 1, 10, 20); // 10 % of the time writing
        assertThat(m.share()).isBetween(0.05, 0.15);
        assertThat(m.holdNanos()).isZero();
    }

    @Test
    void theHoldGrowsWithTheShareUpToItsBound() {
        LoadMeter m = meter();
        long t = run(m, 1, 3, 10, 20); // 30 %: half way between the free and the full share
        assertThat(m.holdNanos()).isBetween(MAX / 3, 2 * MAX / 3);
        run(m, t, 9, 10, 20); // 90 %
        assertThat(m.holdNanos()).isEqualTo(MAX);
    }

    @Test
    void aQuietSpellForgetsThePastLoad() {
        LoadMeter m = meter();
        long t = run(m, 1, 9, 10, 20);
        assertThat(m.holdNanos()).isPositive();
        t += 10 * LoadMeter.WINDOW_NANOS; // no pass for half a second
        m.record(t, t + 1000);
        assertThat(m.holdNanos()).isZero();
    }

    @Test
    void theConfiguredMaximumBoundsTheHold() {
        LoadMeter m = meter();
        m.maxHold(2 * MS);
        run(m, 1, 1, 2, 20); // 50 %, a message per connection every 2 ms
        assertThat(m.holdNanos()).isEqualTo(2 * MS);
    }

    @Test
    void aZeroMaximumNeverHolds() {
        LoadMeter m = meter();
        m.maxHold(0);
        run(m, 1, 9, 10, 20);
        assertThat(m.share()).isGreaterThan(0.8);
        assertThat(m.holdNanos()).isZero();
    }

    @Test
    void aLoopThatHoldsNothingWritesEveryConnectionInThePass() {
        LoadMeter m = meter();
        run(m, 1, 1, 10, 20);
        assertThat(m.remaining(0)).isZero();
        assertThat(m.remaining(MAX)).isZero();
    }

    @Test
    void aHeldConnectionWaitsForItsHoldAndPassesAreSpaced() {
        LoadMeter m = meter();
        run(m, 1, 9, 10, 20);
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
        run(m, 1, 1, 2, 20);
        assertThat(m.remaining(2 * MS - 1)).isEqualTo(2 * MS * LoadMeter.SPACING_EIGHTHS / 8);
    }

    @Test
    void itMeasuresHowOftenOneConnectionGetsAMessage() {
        LoadMeter m = meter();
        assertThat(m.perConnection()).isNegative(); // nothing written yet
        run(m, 1, 1, 10, 20, CONNECTIONS); // every connection, every 10 ms
        assertThat(m.perConnection()).isBetween(90.0, 110.0);
        LoadMeter sparse = meter();
        run(sparse, 1, 1, 10, 40, 20 * CONNECTIONS); // each connection every 200 ms
        assertThat(sparse.perConnection()).isBetween(4.0, 6.0);
    }

    @Test
    void aBusyLoopWhoseConnectionsGetFewMessagesHoldsNothing() {
        LoadMeter m = meter();
        // 90 % of the time writing, but each connection gets a message every 200 ms: a hold of
        // 8 ms would delay every message and merge none.
        run(m, 1, 9, 10, 40, 20 * CONNECTIONS);
        assertThat(m.share()).isGreaterThan(0.8);
        assertThat(m.holdNanos()).isZero();
    }

    @Test
    void theHoldGrowsWithHowOftenAConnectionGetsAMessage() {
        LoadMeter every20 = meter();
        run(every20, 1, 9, 10, 40, 2 * CONNECTIONS); // 50/s: 0.55 expected in the 11 ms wait
        assertThat(every20.holdNanos()).isPositive().isLessThan(MAX / 5);
        LoadMeter every15 = meter();
        // Passes every 5 ms, each to a third of the connections: each gets a message every 15 ms.
        run(every15, 1, 4, 5, 40, 3 * CONNECTIONS); // 66.7/s: 0.73 expected
        assertThat(every15.holdNanos()).isBetween(MAX * 4 / 10, MAX * 5 / 10);
        LoadMeter every10 = meter();
        run(every10, 1, 9, 10, 40, CONNECTIONS); // 100/s: 1.1 expected, just past the full hold's 1.0
        assertThat(every10.holdNanos()).isBetween(MAX * 9 / 10, MAX);
        LoadMeter every5 = meter();
        run(every5, 1, 4, 5, 40, CONNECTIONS); // 200/s
        assertThat(every5.holdNanos()).isEqualTo(MAX);
    }

    @Test
    void theExpectationFollowsTheConfiguredMaximum() {
        LoadMeter m = meter();
        m.maxHold(40 * MS); // a 55 ms longest wait: a message every 20 ms is worth holding for
        run(m, 1, 9, 10, 40, 2 * CONNECTIONS);
        assertThat(m.holdNanos()).isEqualTo(40 * MS);
    }
}
