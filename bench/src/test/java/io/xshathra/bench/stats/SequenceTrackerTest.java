package io.xshathra.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

    private static SequenceTracker feed(long... seqs) {
        SequenceTracker t = new SequenceTracker();
        for (long s : seqs) {
            t.record(s);
        }
        return t;
    }

    @Test
    void everythingInOrder() {
        SequenceTracker t = feed(1, 2, 3, 4, 5);
        assertThat(t.distinct()).isEqualTo(5);
        assertThat(t.lost(5)).isZero();
        assertThat(t.reordered()).isZero();
        assertThat(t.duplicates()).isZero();
        assertThat(t.highest()).isEqualTo(5);
    }

    @Test
    void gapsAreLosses() {
        SequenceTracker t = feed(1, 2, 5, 6);
        assertThat(t.lost(6)).isEqualTo(2);
        assertThat(t.lost(8)).isEqualTo(4);
        assertThat(t.reordered()).isZero();
    }

    @Test
    void aLateMessageIsReorderedNotLost() {
        SequenceTracker t = feed(1, 3, 2, 4);
        assertThat(t.distinct()).isEqualTo(4);
        assertThat(t.lost(4)).isZero();
        assertThat(t.reordered()).isEqualTo(1);
        assertThat(t.duplicates()).isZero();
    }

    @Test
    void duplicatesAreRecognisedInsideTheWindow() {
        SequenceTracker t = feed(1, 2, 2, 3, 1, 5, 4, 4, 3);
        assertThat(t.distinct()).isEqualTo(5);
        assertThat(t.duplicates()).isEqualTo(4);
        assertThat(t.reordered()).isEqualTo(1);
    }

    @Test
    void farLateArrivalIsCountedReorderedAndDistinct() {
        SequenceTracker t = new SequenceTracker();
        t.record(1);
        for (long s = 3; s <= 200; s++) {
            t.record(s);
        }
        assertThat(t.record(2)).isFalse();
        assertThat(t.distinct()).isEqualTo(200);
        assertThat(t.lost(200)).isZero();
        assertThat(t.reordered()).isEqualTo(1);
    }

    @Test
    void windowEdges() {
        SequenceTracker t = feed(1, 65);
        assertThat(t.record(1)).isFalse();
        assertThat(t.duplicates()).isEqualTo(1);
        t = feed(1, 66);
        t.record(1);
        // 1 is 65 below the highest: beyond the window, taken as a late distinct arrival.
        assertThat(t.reordered()).isEqualTo(1);
        assertThat(t.distinct()).isEqualTo(3);
    }

    @Test
    void neverNegativeLoss() {
        assertThat(feed(1, 2, 3).lost(2)).isZero();
    }

    @Test
    void sequencesStartAtOne() {
        assertThatThrownBy(() -> new SequenceTracker().record(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
