package io.xshathra.engine.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Broker} contract (spec 7.1, 7.2, 7.5), run against every implementation. A subclass
 * supplies {@link #newBroker(Clock)}; time-dependent tests move the given clock through
 * {@link #advance(Duration)}, which then calls {@link #afterTimeAdvanced(Broker)} (an
 * implementation with a background sweep can run it there). A broker whose storage keeps its own
 * time, such as Redis key TTLs, overrides {@link #advance(Duration)} to make the storage see the
 * same move (for example by shortening the TTLs of the test's keys), never by sleeping.
 *
 * <p>Each test uses a fresh channel and subscribes to it before publishing; deliveries may arrive
 * on any thread and are awaited with a deadline.
 */
public abstract class BrokerContractTest {
    private static final AtomicInteger CHANNELS = new AtomicInteger();
    protected static final Duration META_TTL = Duration.ofHours(720);
    protected static final Duration HISTORY_TTL = Duration.ofSeconds(300);

    protected MutableClock clock;
    protected Broker broker;
    protected RecordingHandler handler;
    /** A fresh channel name for each test. */
    protected String ch;

    protected abstract Broker newBroker(Clock clock);

    /** Called after the test clock moved; by default nothing (expiry must also work lazily). */
    protected void afterTimeAdvanced(Broker broker) {
    }

    @BeforeEach
    void setUpBroker() {
        clock = MutableClock.atFixedInstant();
        broker = newBroker(clock);
        handler = new RecordingHandler();
        broker.setEventHandler(handler);
        ch = "contract:" + CHANNELS.incrementAndGet();
        join(broker.subscribe(ch));
    }

    @AfterEach
    void tearDownBroker() {
        broker.close();
    }

    // ------------------------------------------------------------------ helpers

    protected void advance(Duration d) {
        clock.advance(d);
        afterTimeAdvanced(broker);
    }

    protected static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    protected static Publication pub(int n) {
        return Publication.newBuilder().setData(ByteString.copyFromUtf8("{\"n\":" + n + "}")).build();
    }

    protected static PublishOptions history(int size) {
        return new PublishOptions(size, HISTORY_TTL, META_TTL, null);
    }

    protected StreamPosition publish(int n, PublishOptions o) {
        PublishResult r = join(broker.publish(ch, pub(n), o));
        assertThat(r.suppressed()).isFalse();
        return r.position();
    }

    /** Publishes {@code 1..count} to a stream of the given size; returns the epoch. */
    protected String publishAll(int count, int size) {
        String epoch = null;
        for (int i = 1; i <= count; i++) {
            epoch = publish(i, history(size)).epoch();
        }
        return epoch;
    }

    protected HistoryResult history(StreamPosition since, int limit, boolean reverse) {
        return join(broker.history(ch, new HistoryQuery(since, limit, reverse, META_TTL)));
    }

    protected HistoryResult top() {
        return join(broker.history(ch, HistoryQuery.top(META_TTL)));
    }

    protected static List<Long> offsets(HistoryResult r) {
        return r.publications().stream().map(Publication::getOffset).toList();
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        if (from <= to) {
            for (long i = from; i <= to; i++) {
                out.add(i);
            }
        } else {
            for (long i = from; i >= to; i--) {
                out.add(i);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ offsets and epoch

    @Test
    void offsetsStartAtOneAndIncreaseByOneInOneEpoch() {
        List<StreamPosition> positions = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            positions.add(publish(i, history(10)));
        }
        String epoch = positions.get(0).epoch();
        assertThat(epoch).isNotEmpty();
        assertThat(positions).extracting(StreamPosition::offset).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(positions).extracting(StreamPosition::epoch).containsOnly(epoch);
    }

    @Test
    void epochIsStableAcrossPublishesAndReads() {
        String epoch = publishAll(3, 10);
        assertThat(top().top()).isEqualTo(new StreamPosition(3, epoch));
        assertThat(publish(4, history(10)).epoch()).isEqualTo(epoch);
        assertThat(history(null, -1, false).top().epoch()).isEqualTo(epoch);
    }

    @Test
    void channelsHaveIndependentStreams() {
        String epoch = publishAll(3, 10);
        String other = ch + ":other";
        StreamPosition p = join(broker.publish(other, pub(1), history(10))).position();
        assertThat(p.offset()).isEqualTo(1);
        assertThat(top().top()).isEqualTo(new StreamPosition(3, epoch));
    }

    // ------------------------------------------------------------------ history queries

    @Test
    void historyForwardReturnsOldestFirstWithDataAndOffsets() {
        String epoch = publishAll(5, 10);
        HistoryResult r = history(null, -1, false);
        assertThat(offsets(r)).isEqualTo(range(1, 5));
        assertThat(r.publications().get(2).getData().toStringUtf8()).isEqualTo("{\"n\":3}");
        assertThat(r.top()).isEqualTo(new StreamPosition(5, epoch));
    }

    @Test
    void historyReverseReturnsNewestFirst() {
        String epoch = publishAll(5, 10);
        HistoryResult r = history(null, -1, true);
        assertThat(offsets(r)).isEqualTo(range(5, 1));
        assertThat(r.top()).isEqualTo(new StreamPosition(5, epoch));
    }

    @Test
    void limitCutsFromTheStartOfTheRequestedOrder() {
        publishAll(5, 10);
        assertThat(offsets(history(null, 2, false))).containsExactly(1L, 2L);
        assertThat(offsets(history(null, 2, true))).containsExactly(5L, 4L);
        assertThat(offsets(history(null, 50, false))).isEqualTo(range(1, 5));
    }

    @Test
    void limitZeroReturnsOnlyTheTop() {
        String epoch = publishAll(5, 10);
        HistoryResult r = history(null, 0, false);
        assertThat(r.publications()).isEmpty();
        assertThat(r.top()).isEqualTo(new StreamPosition(5, epoch));
        HistoryResult since = history(new StreamPosition(2, epoch), 0, false);
        assertThat(since.publications()).isEmpty();
        assertThat(since.top()).isEqualTo(new StreamPosition(5, epoch));
    }

    @Test
    void negativeLimitReturnsEverythingRetained() {
        publishAll(7, 10);
        assertThat(offsets(history(null, -1, false))).isEqualTo(range(1, 7));
        assertThat(offsets(history(null, -5, true))).isEqualTo(range(7, 1));
    }

    @Test
    void sinceForwardReturnsOffsetsAfterIt() {
        String epoch = publishAll(5, 10);
        assertThat(offsets(history(new StreamPosition(2, epoch), -1, false))).containsExactly(3L, 4L, 5L);
        assertThat(offsets(history(new StreamPosition(2, epoch), 2, false))).containsExactly(3L, 4L);
        assertThat(offsets(history(new StreamPosition(0, epoch), -1, false))).isEqualTo(range(1, 5));
        HistoryResult atTop = history(new StreamPosition(5, epoch), -1, false);
        assertThat(atTop.publications()).isEmpty();
        assertThat(atTop.top()).isEqualTo(new StreamPosition(5, epoch));
    }

    @Test
    void sinceReverseReturnsOffsetsBeforeItNewestFirst() {
        String epoch = publishAll(5, 10);
        assertThat(offsets(history(new StreamPosition(4, epoch), -1, true))).containsExactly(3L, 2L, 1L);
        assertThat(offsets(history(new StreamPosition(4, epoch), 2, true))).containsExactly(3L, 2L);
        assertThat(history(new StreamPosition(1, epoch), -1, true).publications()).isEmpty();
    }

    @Test
    void sinceWithAnotherEpochIsUnrecoverable() {
        publishAll(3, 10);
        CompletionStage<HistoryResult> stage =
                broker.history(ch, new HistoryQuery(new StreamPosition(1, "otherEpc"), -1, false, META_TTL));
        assertThatThrownBy(() -> join(stage))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(UnrecoverablePositionException.class);
    }

    @Test
    void sinceWithoutEpochIsAccepted() {
        publishAll(3, 10);
        assertThat(offsets(history(new StreamPosition(1, ""), -1, false))).containsExactly(2L, 3L);
    }

    @Test
    void readingANeverPublishedChannelCreatesAnEmptyStream() {
        HistoryResult first = history(null, -1, false);
        assertThat(first.publications()).isEmpty();
        assertThat(first.top().offset()).isZero();
        assertThat(first.top().epoch()).isNotEmpty();
        assertThat(top().top()).isEqualTo(first.top());
        StreamPosition p = publish(1, history(10));
        assertThat(p).isEqualTo(new StreamPosition(1, first.top().epoch()));
    }

    // ------------------------------------------------------------------ retention

    @Test
    void historySizeKeepsTheNewest() {
        String epoch = publishAll(8, 3);
        HistoryResult r = history(null, -1, false);
        assertThat(offsets(r)).containsExactly(6L, 7L, 8L);
        assertThat(r.top()).isEqualTo(new StreamPosition(8, epoch));
        assertThat(offsets(history(new StreamPosition(2, epoch), -1, false))).containsExactly(6L, 7L, 8L);
    }

    @Test
    void historyTtlDropsDataButKeepsTopAndEpoch() {
        PublishOptions o = new PublishOptions(10, Duration.ofSeconds(10), META_TTL, null);
        String epoch = publish(1, o).epoch();
        publish(2, o);
        advance(Duration.ofSeconds(9));
        assertThat(offsets(history(null, -1, false))).containsExactly(1L, 2L);
        publish(3, o); // extends the data TTL to t=19s
        advance(Duration.ofSeconds(9));
        assertThat(offsets(history(null, -1, false))).containsExactly(1L, 2L, 3L);
        advance(Duration.ofSeconds(2));
        HistoryResult expired = history(null, -1, false);
        assertThat(expired.publications()).isEmpty();
        assertThat(expired.top()).isEqualTo(new StreamPosition(3, epoch));
        assertThat(publish(4, o)).isEqualTo(new StreamPosition(4, epoch));
        assertThat(offsets(history(null, -1, false))).containsExactly(4L);
    }

    @Test
    void metaTtlExpiryStartsANewEpochAtOffsetOne() {
        Duration metaTtl = Duration.ofSeconds(60);
        PublishOptions o = new PublishOptions(10, Duration.ofSeconds(10), metaTtl, null);
        String epoch = publish(1, o).epoch();
        publish(2, o);
        advance(Duration.ofSeconds(61));
        StreamPosition p = publish(3, o);
        assertThat(p.epoch()).isNotEmpty().isNotEqualTo(epoch);
        assertThat(p.offset()).isEqualTo(1);
        HistoryResult r = join(broker.history(ch, new HistoryQuery(null, -1, false, metaTtl)));
        assertThat(offsets(r)).containsExactly(1L);
        assertThat(r.publications().get(0).getData().toStringUtf8()).isEqualTo("{\"n\":3}");
    }

    @Test
    void metaTtlExpiryIsSeenByReadsToo() {
        Duration metaTtl = Duration.ofSeconds(60);
        PublishOptions o = new PublishOptions(10, Duration.ofSeconds(10), metaTtl, null);
        String epoch = publish(1, o).epoch();
        advance(Duration.ofSeconds(61));
        HistoryResult r = join(broker.history(ch, HistoryQuery.top(metaTtl)));
        assertThat(r.top().epoch()).isNotEmpty().isNotEqualTo(epoch);
        assertThat(r.top().offset()).isZero();
        assertThatThrownBy(() -> join(broker.history(ch,
                new HistoryQuery(new StreamPosition(1, epoch), -1, false, metaTtl))))
                .hasCauseInstanceOf(UnrecoverablePositionException.class);
    }

    @Test
    void readsExtendTheMetaTtl() {
        Duration metaTtl = Duration.ofSeconds(60);
        PublishOptions o = new PublishOptions(10, Duration.ofSeconds(10), metaTtl, null);
        String epoch = publish(1, o).epoch();
        for (int i = 0; i < 3; i++) {
            advance(Duration.ofSeconds(50));
            assertThat(join(broker.history(ch, HistoryQuery.top(metaTtl))).top())
                    .isEqualTo(new StreamPosition(1, epoch));
        }
        assertThat(publish(2, o)).isEqualTo(new StreamPosition(2, epoch));
    }

    @Test
    void removeHistoryKeepsEpochAndTop() {
        String epoch = publishAll(3, 10);
        join(broker.removeHistory(ch));
        HistoryResult r = history(null, -1, false);
        assertThat(r.publications()).isEmpty();
        assertThat(r.top()).isEqualTo(new StreamPosition(3, epoch));
        assertThat(publish(4, history(10))).isEqualTo(new StreamPosition(4, epoch));
        assertThat(offsets(history(null, -1, false))).containsExactly(4L);
    }

    @Test
    void removeHistoryOfAnUnknownChannelIsHarmless() {
        join(broker.removeHistory(ch + ":never"));
    }

    // ------------------------------------------------------------------ idempotency

    @Test
    void idempotencyKeySuppressesARepeatWithinFiveMinutes() throws Exception {
        PublishOptions o = new PublishOptions(10, Duration.ofHours(1), META_TTL, "key-1");
        PublishResult first = join(broker.publish(ch, pub(1), o));
        assertThat(first.suppressed()).isFalse();
        advance(Duration.ofMinutes(4).plusSeconds(59));
        PublishResult again = join(broker.publish(ch, pub(2), o));
        assertThat(again.suppressed()).isTrue();
        assertThat(again.position()).isEqualTo(first.position());
        assertThat(offsets(history(null, -1, false))).containsExactly(1L);
        List<RecordingHandler.Event> events = handler.take(1);
        assertThat(events.get(0).publication().getData().toStringUtf8()).isEqualTo("{\"n\":1}");
        // a barrier: a later publish's delivery proves nothing else was handed on in between
        publish(3, history(10));
        assertThat(handler.take(1).get(0).position().offset()).isEqualTo(2);
    }

    @Test
    void idempotencyKeyWorksAgainAfterItsTtl() throws Exception {
        PublishOptions o = new PublishOptions(10, Duration.ofHours(1), META_TTL, "key-1");
        PublishResult first = join(broker.publish(ch, pub(1), o));
        advance(Duration.ofMinutes(5).plusSeconds(1));
        PublishResult later = join(broker.publish(ch, pub(2), o));
        assertThat(later.suppressed()).isFalse();
        assertThat(later.position()).isEqualTo(new StreamPosition(2, first.position().epoch()));
        assertThat(handler.take(2)).extracting(e -> e.position().offset()).containsExactly(1L, 2L);
    }

    @Test
    void idempotencyKeysAreScopedToTheChannel() {
        PublishOptions o = new PublishOptions(10, Duration.ofHours(1), META_TTL, "key-1");
        join(broker.publish(ch, pub(1), o));
        PublishResult other = join(broker.publish(ch + ":b", pub(1), o));
        assertThat(other.suppressed()).isFalse();
        PublishResult differentKey = join(broker.publish(ch, pub(2),
                new PublishOptions(10, Duration.ofHours(1), META_TTL, "key-2")));
        assertThat(differentKey.suppressed()).isFalse();
        assertThat(differentKey.position().offset()).isEqualTo(2);
    }

    @Test
    void idempotencyWithoutHistoryReturnsTheEmptyPosition() throws Exception {
        PublishOptions o = new PublishOptions(0, Duration.ZERO, Duration.ZERO, "key-1");
        PublishResult first = join(broker.publish(ch, pub(1), o));
        PublishResult again = join(broker.publish(ch, pub(2), o));
        assertThat(first.position()).isEqualTo(StreamPosition.NONE);
        assertThat(again.suppressed()).isTrue();
        assertThat(again.position()).isEqualTo(StreamPosition.NONE);
        assertThat(handler.take(1).get(0).publication().getData().toStringUtf8()).isEqualTo("{\"n\":1}");
        join(broker.publish(ch, pub(3), PublishOptions.NO_HISTORY));
        assertThat(handler.take(1).get(0).publication().getData().toStringUtf8()).isEqualTo("{\"n\":3}");
    }

    // ------------------------------------------------------------------ without history

    @Test
    void publicationsWithoutHistoryHaveNoPosition() throws Exception {
        PublishResult r = join(broker.publish(ch, pub(1), PublishOptions.NO_HISTORY));
        assertThat(r.position()).isEqualTo(StreamPosition.NONE);
        Publication withStaleOffset = pub(2).toBuilder().setOffset(77).build();
        assertThat(join(broker.publish(ch, withStaleOffset, PublishOptions.NO_HISTORY)).position())
                .isEqualTo(StreamPosition.NONE);
        List<RecordingHandler.Event> events = handler.take(2);
        assertThat(events).extracting(RecordingHandler.Event::position).containsOnly(StreamPosition.NONE);
        assertThat(events).extracting(e -> e.publication().getOffset()).containsOnly(0L);
        assertThat(history(null, -1, false).publications()).isEmpty();
    }

    @Test
    void historyNeedsBothSizeAndTtl() {
        assertThat(join(broker.publish(ch, pub(1), new PublishOptions(10, Duration.ZERO, META_TTL, null)))
                .position()).isEqualTo(StreamPosition.NONE);
        assertThat(join(broker.publish(ch, pub(2), new PublishOptions(0, HISTORY_TTL, META_TTL, null)))
                .position()).isEqualTo(StreamPosition.NONE);
        assertThat(history(null, -1, false).publications()).isEmpty();
    }

    // ------------------------------------------------------------------ deliveries

    @Test
    void handlerReceivesPublicationsJoinsAndLeavesInOrder() throws Exception {
        ClientInfo alice = ClientInfo.newBuilder().setUser("alice").setClient("c1").build();
        String epoch = publish(1, history(10)).epoch();
        join(broker.publishJoin(ch, alice));
        publish(2, history(10));
        join(broker.publishLeave(ch, alice));
        publish(3, history(10));

        List<RecordingHandler.Event> events = handler.take(5);
        assertThat(events).extracting(RecordingHandler.Event::kind)
                .containsExactly("pub", "join", "pub", "leave", "pub");
        assertThat(events).extracting(RecordingHandler.Event::channel).containsOnly(ch);
        assertThat(events.get(1).info()).isEqualTo(alice);
        assertThat(events.get(3).info()).isEqualTo(alice);
        for (int i : new int[] {0, 2, 4}) {
            RecordingHandler.Event e = events.get(i);
            long offset = i / 2 + 1;
            assertThat(e.position()).isEqualTo(new StreamPosition(offset, epoch));
            assertThat(e.publication().getOffset()).isEqualTo(offset);
            assertThat(e.publication().getData().toStringUtf8()).isEqualTo("{\"n\":" + offset + "}");
        }
        // join and leave are not stored
        assertThat(offsets(history(null, -1, false))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void deltaPublishesCarryThePreviousPublicationWithItsOffset() throws Exception {
        PublishOptions delta = new PublishOptions(10, HISTORY_TTL, META_TTL, null, true);
        publish(1, delta);
        publish(2, delta);
        publish(3, history(10));
        publish(4, delta);

        List<RecordingHandler.Event> events = handler.take(4);
        assertThat(events.get(0).previous()).as("the first publication of a stream has nothing before it").isNull();
        Publication previous = events.get(1).previous();
        assertThat(previous).isNotNull();
        assertThat(previous.getOffset()).isEqualTo(1);
        assertThat(previous.getData().toStringUtf8()).isEqualTo("{\"n\":1}");
        assertThat(events.get(2).previous()).as("a publish without delta").isNull();
        assertThat(events.get(3).previous().getOffset()).isEqualTo(3);
        assertThat(events.get(3).publication().getData().toStringUtf8()).isEqualTo("{\"n\":4}");
        assertThat(events.get(3).position().offset()).isEqualTo(4);
    }

    @Test
    void deltaAfterRemovedHistoryHasNoPrevious() throws Exception {
        PublishOptions delta = new PublishOptions(10, HISTORY_TTL, META_TTL, null, true);
        publish(1, delta);
        join(broker.removeHistory(ch));
        publish(2, delta);
        List<RecordingHandler.Event> events = handler.take(2);
        assertThat(events.get(1).previous()).isNull();
        assertThat(events.get(1).position().offset()).isEqualTo(2);
    }

    @Test
    void deltaWithoutHistoryHasNoPrevious() throws Exception {
        PublishOptions delta = new PublishOptions(0, Duration.ZERO, Duration.ZERO, null, true);
        join(broker.publish(ch, pub(1), delta));
        join(broker.publish(ch, pub(2), delta));
        List<RecordingHandler.Event> events = handler.take(2);
        assertThat(events).extracting(RecordingHandler.Event::previous).containsOnlyNulls();
        assertThat(events.get(1).publication().getData().toStringUtf8()).isEqualTo("{\"n\":2}");
    }

    @Test
    void concurrentPublishersGetConsecutiveOffsetsDeliveredInOrder() throws Exception {
        int threads = 2;
        int perThread = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        join(broker.publish(ch, pub(i), history(1000)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<RecordingHandler.Event> events = handler.take(threads * perThread);
        assertThat(events).extracting(e -> e.position().offset()).isEqualTo(range(1, threads * perThread));
        assertThat(events).extracting(e -> e.publication().getOffset()).isEqualTo(range(1, threads * perThread));
        assertThat(events).extracting(e -> e.position().epoch()).containsOnly(top().top().epoch());
    }
}
