package io.xshathra.engine.sharedpoll;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.SharedPollOptions.Mode;
import io.xshathra.engine.proxy.ProxyRequest.SharedPollRefresh.Item;
import io.xshathra.engine.proxy.ProxyResult;
import io.xshathra.engine.proxy.ProxyResult.PollItem;
import io.xshathra.engine.sharedpoll.PollState.Admission;
import io.xshathra.engine.sharedpoll.PollState.Applied;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One channel's poll state: admission of tracked keys, poll requests, and applying answers in both modes. */
class PollStateTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ProxyResult.SharedPollRefresh answer(String epoch, PollItem... items) {
        return new ProxyResult.SharedPollRefresh(List.of(items), epoch);
    }

    private static PollItem item(String key, String data, long version) {
        return new PollItem(key, b(data), version, false, null);
    }

    @Test
    void aColdKeyIsPolledAtOnceAndAWarmOneIsReSentInFull() {
        PollState s = new PollState(Mode.VERSIONED, "");
        assertThat(s.admit("k", 0)).isEqualTo(Admission.POLL_NOW);
        assertThat(s.admit("j", 5)).as("new key, client holds a version").isEqualTo(Admission.LATER);
        assertThat(s.request(List.of("k", "j", "gone"))).containsExactly(new Item("k", 0), new Item("j", 0));
        Applied a = s.apply(answer("", item("k", "{\"v\":1}", 1)));
        assertThat(a.updates()).extracting(PollState.Update::version).containsExactly(1L);
        assertThat(s.request(List.of("k"))).containsExactly(new Item("k", 1));
        assertThat(s.admit("k", 0)).as("second tracker of a known key").isEqualTo(Admission.POLL_NOW);
        assertThat(s.request(List.of("k"))).as("full data asked").containsExactly(new Item("k", 0));
        Applied again = s.apply(answer("", item("k", "{\"v\":1}", 1)));
        assertThat(again.updates()).as("same version re-sent once").extracting(PollState.Update::version)
                .containsExactly(1L);
        assertThat(s.apply(answer("", item("k", "{\"v\":1}", 1))).updates()).isEmpty();
        assertThat(s.admit("k", 1)).isEqualTo(Admission.LATER);
    }

    @Test
    void versionedNeverGoesBackAndIgnoresVersionZero() {
        PollState s = new PollState(Mode.VERSIONED, "");
        s.admit("k", 0);
        s.apply(answer("", item("k", "a", 5)));
        assertThat(s.apply(answer("", item("k", "b", 4))).updates()).isEmpty();
        assertThat(s.apply(answer("", item("k", "b", 0))).updates()).isEmpty();
        assertThat(s.apply(answer("", item("untracked", "b", 9))).updates()).isEmpty();
        assertThat(s.apply(answer("", item("k", "c", 6))).updates()).extracting(PollState.Update::version)
                .containsExactly(6L);
        assertThat(s.apply(null).updates()).isEmpty();
    }

    @Test
    void aNewBackendEpochResetsEveryKey() {
        PollState s = new PollState(Mode.VERSIONED, "");
        s.admit("k", 0);
        s.apply(answer("", item("k", "a", 5)));
        Applied flip = s.apply(answer("e2", item("k", "a", 1)));
        assertThat(flip.epochChanged()).isTrue();
        assertThat(s.epoch()).isEqualTo("e2");
        assertThat(flip.updates()).extracting(PollState.Update::version).containsExactly(1L);
        assertThat(s.apply(answer("e2")).epochChanged()).isFalse();
    }

    @Test
    void versionlessNumbersContentChangesAndIgnoresTheEpoch() {
        PollState s = new PollState(Mode.VERSIONLESS, "abcdefgh");
        s.admit("a", 0);
        s.admit("b", 0);
        assertThat(s.apply(answer("x", item("a", "{\"n\":1}", 0), item("b", "{\"n\":1}", 0))).updates())
                .extracting(PollState.Update::version).containsExactly(1L, 2L);
        assertThat(s.epoch()).isEqualTo("abcdefgh");
        assertThat(s.apply(answer("", item("a", "{\"n\":1}", 0))).updates()).as("unchanged").isEmpty();
        assertThat(s.apply(answer("", item("a", "{\"n\": 1}", 0))).updates()).as("bytes differ")
                .extracting(PollState.Update::version).containsExactly(3L);
        s.admit("a", 0);
        assertThat(s.apply(answer("", item("a", "{\"n\": 1}", 0))).updates()).as("re-sent to a new tracker")
                .extracting(PollState.Update::version).containsExactly(3L);
    }

    @Test
    void removalsDropTheKeyAndTimerPollsAreSorted() {
        PollState s = new PollState(Mode.VERSIONED, "");
        s.admit("b", 0);
        s.admit("a", 0);
        assertThat(s.timerKeys()).containsExactly("a", "b");
        Applied r = s.apply(answer("", new PollItem("a", null, 0, true, null), new PollItem("zz", null, 0, true, null)));
        assertThat(r.removed()).containsExactly("a", "zz");
        assertThat(s.contains("a")).isFalse();
        s.forget("b");
        assertThat(s.isEmpty()).isTrue();
    }
}
