package io.xshathra.engine.sharedpoll;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.SharedPollConfig;
import io.xshathra.engine.config.SharedPollOptions;
import io.xshathra.engine.config.SharedPollOptions.Mode;
import io.xshathra.engine.proxy.ProxyRequest.SharedPollRefresh.Item;
import io.xshathra.engine.proxy.ProxyResult;
import io.xshathra.engine.sharedpoll.SharedPolls.KeyVersion;
import io.xshathra.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The node's poller on a hand-driven clock and scheduler, with a backend whose calls the test
 * answers: immediate polls, the timer cycle and its batches, the concurrency bound, failures,
 * the fan-out with per-key listeners, epochs, API publishes and the channel shutdown.
 */
class SharedPollsTest {
    private final MutableClock clock = new MutableClock(java.time.Instant.ofEpochMilli(1_000_000));
    private final Manual scheduler = new Manual();
    private final List<Call> calls = new ArrayList<>();
    private final PollBackend backend = (project, o, channel, items) -> {
        Call c = new Call(channel, items, new CompletableFuture<>());
        calls.add(c);
        return c.answer;
    };

    record Call(String channel, List<Item> items, CompletableFuture<ProxyResult.SharedPollRefresh> answer) {
        List<String> keys() {
            return items.stream().map(Item::key).toList();
        }

        void reply(String epoch, ProxyResult.PollItem... items) {
            answer.complete(new ProxyResult.SharedPollRefresh(List.of(items), epoch));
        }
    }

    /** Runs tasks when the test advances its clock. */
    final class Manual implements PollScheduler {
        private record Job(long at, long seq, Runnable task, boolean[] cancelled) {
        }

        private final PriorityQueue<Job> jobs = new PriorityQueue<>((a, b) -> a.at != b.at
                ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
        private long seq;

        @Override
        public Task schedule(Runnable task, long delayMillis) {
            boolean[] cancelled = {false};
            jobs.add(new Job(clock.millis() + Math.max(0, delayMillis), seq++, task, cancelled));
            return () -> cancelled[0] = true;
        }

        void advance(long millis) {
            long until = clock.millis() + millis;
            while (!jobs.isEmpty() && jobs.peek().at <= until) {
                Job j = jobs.poll();
                clock.set(java.time.Instant.ofEpochMilli(j.at));
                if (!j.cancelled[0]) {
                    j.task.run();
                }
            }
            clock.set(java.time.Instant.ofEpochMilli(until));
        }
    }

    /** A listener that records what it is told. */
    static final class Rec implements SharedPolls.Listener {
        final List<String> got = new ArrayList<>();

        @Override
        public void publication(String key, long version, byte[] data, String epoch, Patch patch) {
            got.add(key + "@" + version + (data == null ? "" : "=" + new String(data, StandardCharsets.UTF_8))
                    + (epoch.isEmpty() ? "" : "#" + epoch));
        }

        @Override
        public void removed(String key) {
            got.add(key + " removed");
        }

        @Override
        public void epochChanged() {
            got.add("epoch changed");
        }
    }

    private static SharedPollOptions options(Mode mode, int batch, Duration shutdown) {
        return new SharedPollOptions(mode, "default", Duration.ofSeconds(1), batch, 100, shutdown, Duration.ZERO,
                mode == Mode.VERSIONED);
    }

    private SharedPolls polls(int concurrency) {
        return new SharedPolls(new SharedPollConfig("s", "", 0, concurrency), clock, backend, scheduler);
    }

    private static SharedPolls.ChannelRef ref(SharedPollOptions o) {
        return new SharedPolls.ChannelRef("poll:x", "", "poll:x", o);
    }

    private static ProxyResult.PollItem item(String key, long version, String data) {
        return new ProxyResult.PollItem(key, data.getBytes(StandardCharsets.UTF_8), version, false, null);
    }

    @Test
    void newKeysArePolledAtOnceThenEveryIntervalInSortedBatches() {
        SharedPolls p = polls(0);
        Rec a = new Rec();
        p.track(ref(options(Mode.VERSIONED, 2, Duration.ZERO)), a, List.of(new KeyVersion("c", 0),
                new KeyVersion("a", 0), new KeyVersion("b", 0)));
        assertThat(calls).extracting(Call::keys).containsExactly(List.of("c"), List.of("a"), List.of("b"));
        calls.get(0).reply("", item("c", 1, "{}"));
        assertThat(a.got).containsExactly("c@1={}");
        calls.clear();
        scheduler.advance(1000);
        assertThat(calls).as("first batch at once, the second half an interval later")
                .extracting(Call::keys).containsExactly(List.of("a", "b"));
        assertThat(calls.get(0).items()).extracting(Item::version).containsExactly(0L, 0L);
        scheduler.advance(500);
        assertThat(calls).extracting(Call::keys).containsExactly(List.of("a", "b"), List.of("c"));
        assertThat(calls.get(1).items().get(0).version()).as("the version held").isEqualTo(1);
        calls.clear();
        scheduler.advance(2000);
        assertThat(calls).as("the next cycle waits for every batch of this one").isEmpty();
    }

    @Test
    void theConcurrencyLimitHoldsCallsBackAndAFailureChangesNothing() {
        SharedPolls p = polls(1);
        Rec a = new Rec();
        p.track(ref(options(Mode.VERSIONED, 10, Duration.ZERO)), a, List.of(new KeyVersion("a", 0),
                new KeyVersion("b", 0)));
        assertThat(calls).hasSize(1);
        calls.get(0).answer().completeExceptionally(new IllegalStateException("backend down"));
        assertThat(calls).hasSize(2);
        calls.get(1).reply("", item("b", 3, "{}"));
        assertThat(a.got).containsExactly("b@3={}");
    }

    @Test
    void everyTrackerGetsChangesRemovalsReachAllAndAnEpochChangeRestartsEveryone() {
        SharedPolls p = polls(0);
        Rec a = new Rec();
        Rec b = new Rec();
        SharedPolls.ChannelRef r = ref(options(Mode.VERSIONED, 10, Duration.ZERO));
        p.track(r, a, List.of(new KeyVersion("k", 0)));
        p.track(r, b, List.of(new KeyVersion("k", 0), new KeyVersion("j", 0)));
        calls.get(0).reply("", item("k", 1, "1"), new ProxyResult.PollItem("j", null, 0, true, null));
        assertThat(a.got).containsExactly("k@1=1");
        assertThat(b.got).containsExactly("j removed", "k@1=1");
        p.publish("poll:x", "k", 2, "2".getBytes(StandardCharsets.UTF_8), "");
        assertThat(a.got).last().isEqualTo("k@2=2");
        p.publish("poll:x", "k", 3, "3".getBytes(StandardCharsets.UTF_8), "e1");
        assertThat(a.got).last().isEqualTo("epoch changed");
        assertThat(b.got).last().isEqualTo("epoch changed");
        assertThat(p.epoch("poll:x", r.options())).isEqualTo("e1");
    }

    @Test
    void versionlessChangesAreNumberedByTheNodeAndTheChannelShutsDownAfterItsDelay() {
        SharedPolls p = polls(0);
        Rec a = new Rec();
        SharedPollOptions o = options(Mode.VERSIONLESS, 10, Duration.ofSeconds(2));
        String nodeEpoch = p.epoch("poll:x", o);
        assertThat(nodeEpoch).hasSize(8);
        p.track(ref(o), a, List.of(new KeyVersion("k", 0)));
        String channelEpoch = p.epoch("poll:x", o);
        assertThat(channelEpoch).hasSize(8).isNotEqualTo(nodeEpoch);
        calls.get(0).reply("", item("k", 0, "{\"a\":1}"));
        scheduler.advance(1000);
        calls.get(1).reply("", item("k", 0, "{\"a\":1}"));
        scheduler.advance(1000);
        calls.get(2).reply("", item("k", 0, "{\"a\":2}"));
        assertThat(a.got).containsExactly("k@1={\"a\":1}", "k@2={\"a\":2}");
        p.untrack("poll:x", a, List.of("k"));
        scheduler.advance(1999);
        assertThat(p.channelCount()).isEqualTo(1);
        scheduler.advance(1);
        assertThat(p.channelCount()).isZero();
        assertThat(p.epoch("poll:x", o)).isEqualTo(nodeEpoch);
        int before = calls.size();
        scheduler.advance(5000);
        assertThat(calls).as("no polling once shut down").hasSize(before);
    }
}
