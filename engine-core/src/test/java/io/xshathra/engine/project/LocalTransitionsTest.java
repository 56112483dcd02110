package io.xshathra.engine.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reports of one key settle to the truth whatever order the reporting threads deliver them in. */
class LocalTransitionsTest {
    private final List<String> out = new ArrayList<>();
    private final LocalTransitions t = new LocalTransitions(k -> out.add("held " + k), k -> out.add("released " + k));

    @Test
    void firstAndLastInOrderAreReportedOnce() {
        t.report("a", true);
        assertThat(t.held("a")).isTrue();
        t.report("a", false);
        t.report("a", true);
        assertThat(out).containsExactly("held a", "released a", "held a");
        assertThat(t.heldKeys()).containsExactly("a");
    }

    @Test
    void aLastThatOvertookItsFirstCancelsOut() {
        t.report("a", true);
        t.report("a", false);
        // the hub then saw a first and a last again, but their reports arrive the other way round
        t.report("a", false);
        assertThat(t.held("a")).isFalse();
        t.report("a", true);
        assertThat(out).containsExactly("held a", "released a");
        assertThat(t.heldKeys()).isEmpty();
    }

    @Test
    void lockedSeesWhetherTheKeyIsHeld() {
        List<String> ran = new ArrayList<>();
        t.report("a", true);
        t.locked("a", held -> ran.add("a " + held));
        t.locked("b", held -> ran.add("b " + held));
        assertThat(ran).containsExactly("a true", "b false");
        assertThat(t.heldKeys()).containsExactly("a");
    }
}
