package io.xshathra.engine.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.xshathra.engine.config.MapOptions;
import io.xshathra.engine.config.MapOptions.MapMode;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link MapBroker} contract, run against every implementation: keyed state and its pages,
 * the change stream and its positions, suppression rules, removals and key expiry handed on.
 */
public abstract class MapBrokerContractTest {
    protected static final MapOptions PERSISTENT = map(MapMode.PERSISTENT, Duration.ZERO, 0);
    protected static final MapOptions EPHEMERAL = map(MapMode.EPHEMERAL, Duration.ofSeconds(10), 0);

    protected final MutableClock clock = MutableClock.atFixedInstant();
    protected final RecordingHandler handler = new RecordingHandler();
    protected MapBroker broker;
    private int seq;

    /** A broker on {@code clock}; the test calls {@link #expire()} to let key TTLs act. */
    protected abstract MapBroker newBroker(MutableClock clock);

    /** Makes the broker act on everything that expired by now. */
    protected abstract void expire();

    static MapOptions map(MapMode mode, Duration keyTtl, int streamSize) {
        MapOptions n = MapOptions.NONE;
        return new MapOptions(mode, keyTtl, streamSize, Duration.ZERO, Duration.ZERO, false, n.clientKey(),
                n.access(), n.paging(), "", "");
    }

    @BeforeEach
    void start() {
        broker = newBroker(clock);
        broker.setEventHandler(handler);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    protected String channel() {
        return "map-contract-" + System.nanoTime() + "-" + (seq++);
    }

    static ByteString json(String s) {
        return ByteString.copyFromUtf8(s);
    }

    protected static <T> T join(CompletionStage<T> s) {
        return s.toCompletableFuture().join();
    }

    protected MapUpdateResult put(String ch, String key, String data, MapOptions map) {
        return join(broker.publish(ch, key, MapPublishOptions.of(json(data), null), map));
    }

    @Test
    void writesGetConsecutiveOffsetsAndAreHandedOnInOrder() throws Exception {
        String ch = channel();
        MapUpdateResult a = put(ch, "a", "1", PERSISTENT);
        MapUpdateResult b = put(ch, "b", "2", PERSISTENT);
        MapUpdateResult a2 = put(ch, "a", "3", PERSISTENT);
        assertThat(List.of(a.position().offset(), b.position().offset(), a2.position().offset()))
                .containsExactly(1L, 2L, 3L);
        assertThat(a.position().epoch()).isNotEmpty().isEqualTo(a2.position().epoch());
        List<RecordingHandler.Event> events = handler.take(3);
        assertThat(events).extracting(e -> e.publication().getKey()).containsExactly("a", "b", "a");
        assertThat(events).extracting(e -> e.position().offset()).containsExactly(1L, 2L, 3L);
        assertThat(events.get(2).publication().getData().toStringUtf8()).isEqualTo("3");
    }

    @Test
    void stateIsPagedInKeyOrderWithTheOffsetOfEachKeysLastWrite() {
        String ch = channel();
        for (String k : new String[] {"c", "a", "e", "b", "d"}) {
            put(ch, k, "\"" + k + "\"", PERSISTENT);
        }
        put(ch, "a", "\"a2\"", PERSISTENT);
        MapStateResult p1 = join(broker.readState(ch, new MapStateQuery("", 2, null), PERSISTENT));
        assertThat(p1.entries()).extracting(Publication::getKey).containsExactly("a", "b");
        assertThat(p1.entries().get(0).getOffset()).isEqualTo(6);
        assertThat(p1.entries().get(0).getData().toStringUtf8()).isEqualTo("\"a2\"");
        assertThat(p1.position().offset()).isEqualTo(6);
        MapStateResult p2 = join(broker.readState(ch, new MapStateQuery(p1.cursor(), 2, null), PERSISTENT));
        MapStateResult p3 = join(broker.readState(ch, new MapStateQuery(p2.cursor(), 2, null), PERSISTENT));
        assertThat(p2.entries()).extracting(Publication::getKey).containsExactly("c", "d");
        assertThat(p3.entries()).extracting(Publication::getKey).containsExactly("e");
        assertThat(p3.cursor()).isEmpty();
    }

    @Test
    void oneKeyIsReadAloneAndAnExpiredKeyIsNeitherReadNorCounted() {
        String ch = channel();
        put(ch, "a", "1", EPHEMERAL);
        put(ch, "b", "2", EPHEMERAL);
        MapStateResult one = join(broker.readKey(ch, "b", null, EPHEMERAL));
        assertThat(one.entries()).extracting(Publication::getKey).containsExactly("b");
        assertThat(one.entries().get(0).getData().toStringUtf8()).isEqualTo("2");
        assertThat(join(broker.readKey(ch, "zz", null, EPHEMERAL)).entries()).isEmpty();
        assertThat(join(broker.stats(ch, EPHEMERAL))).isEqualTo(2);
        assertThatThrownBy(() -> join(broker.readKey(ch, "a", new StreamPosition(0, "other"), EPHEMERAL)))
                .hasCauseInstanceOf(UnrecoverablePositionException.class);

        clock.advance(Duration.ofSeconds(11));
        assertThat(join(broker.readKey(ch, "a", null, EPHEMERAL)).entries()).isEmpty();
        assertThat(join(broker.stats(ch, EPHEMERAL))).isZero();
    }

    @Test
    void entriesAndChangesKeepTheirWriteTimeWhichSubscribersAreNotHanded() throws Exception {
        String ch = channel();
        long t1 = clock.millis();
        put(ch, "a", "1", PERSISTENT);
        clock.advance(Duration.ofSeconds(3));
        join(broker.remove(ch, "a", null, PERSISTENT));
        put(ch, "b", "2", PERSISTENT);
        assertThat(handler.take(3)).allMatch(e -> e.publication().getTime() == 0);
        MapStateResult state = join(broker.readState(ch, new MapStateQuery("", 10, null), PERSISTENT));
        assertThat(state.entries().get(0).getTime()).isEqualTo(t1 + 3000);
        assertThat(join(broker.readKey(ch, "b", null, PERSISTENT)).entries().get(0).getTime()).isEqualTo(t1 + 3000);
        assertThat(join(broker.readStream(ch, null, -1, PERSISTENT)).publications())
                .extracting(Publication::getTime).containsExactly(t1, t1 + 3000, t1 + 3000);
    }

    @Test
    void aRemovalGivenTagsCarriesThem() throws Exception {
        String ch = channel();
        join(broker.publish(ch, "a", new MapPublishOptions(json("1"), Map.of("t", "old"), null, null,
                MapKeyMode.REPLACE, false, 0, "", false), PERSISTENT));
        handler.take(1);
        MapUpdateResult r = join(broker.remove(ch, "a", null, Map.of("t", "given"), PERSISTENT));
        assertThat(r.suppressed()).isFalse();
        RecordingHandler.Event removal = handler.take(1).get(0);
        assertThat(removal.publication().getRemoved()).isTrue();
        assertThat(removal.publication().getTagsMap()).containsExactly(Map.entry("t", "given"));
        HistoryResult stream = join(broker.readStream(ch, null, -1, PERSISTENT));
        assertThat(stream.publications().get(1).getTagsMap()).containsExactly(Map.entry("t", "given"));
    }

    @Test
    void clearDropsKeysStreamAndEpochWithoutHandingAnythingOn() throws Exception {
        String ch = channel();
        String epoch = put(ch, "a", "1", PERSISTENT).position().epoch();
        put(ch, "b", "2", PERSISTENT);
        handler.take(2);
        join(broker.clear(ch, PERSISTENT));
        assertThat(join(broker.stats(ch, PERSISTENT))).isZero();
        MapStateResult after = join(broker.readState(ch, new MapStateQuery("", 10, null), PERSISTENT));
        assertThat(after.entries()).isEmpty();
        assertThat(after.position().offset()).isZero();
        assertThat(after.position().epoch()).isNotEqualTo(epoch);
        assertThat(join(broker.readStream(ch, null, -1, PERSISTENT)).publications()).isEmpty();
        MapUpdateResult next = put(ch, "c", "3", PERSISTENT);
        assertThat(next.position().offset()).isEqualTo(1);
        assertThat(handler.take(1)).extracting(e -> e.publication().getKey()).containsExactly("c");
    }

    @Test
    void aStateReadNamingAnotherEpochFails() {
        String ch = channel();
        put(ch, "a", "1", PERSISTENT);
        assertThatThrownBy(() -> join(broker.readState(ch,
                new MapStateQuery("", 10, new StreamPosition(1, "other")), PERSISTENT)))
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(UnrecoverablePositionException.class);
    }

    @Test
    void theStreamAnswersChangesAfterAPositionAndRefusesLostOnes() {
        String ch = channel();
        MapOptions small = map(MapMode.PERSISTENT, Duration.ZERO, 2);
        String epoch = put(ch, "a", "1", small).position().epoch();
        put(ch, "b", "2", small);
        join(broker.remove(ch, "a", null, small));
        HistoryResult h = join(broker.readStream(ch, new StreamPosition(1, epoch), -1, small));
        assertThat(h.publications()).extracting(Publication::getOffset).containsExactly(2L, 3L);
        assertThat(h.publications().get(1).getRemoved()).isTrue();
        assertThat(h.top()).isEqualTo(new StreamPosition(3, epoch));
        assertThat(join(broker.readStream(ch, new StreamPosition(3, epoch), -1, small)).publications()).isEmpty();
        assertThatThrownBy(() -> join(broker.readStream(ch, new StreamPosition(0, epoch), -1, small)))
                .hasCauseInstanceOf(UnrecoverablePositionException.class);
        assertThatThrownBy(() -> join(broker.readStream(ch, new StreamPosition(2, "nope"), -1, small)))
                .hasCauseInstanceOf(UnrecoverablePositionException.class);
    }

    @Test
    void keyModesVersionsAndIdempotencySuppressWrites() throws Exception {
        String ch = channel();
        put(ch, "a", "1", PERSISTENT);
        MapUpdateResult ifNew = join(broker.publish(ch, "a", new MapPublishOptions(json("2"), Map.of(), null, null,
                MapKeyMode.IF_NEW, false, 0, "", false), PERSISTENT));
        assertThat(ifNew).isEqualTo(new MapUpdateResult(new StreamPosition(1, ifNew.position().epoch()), true,
                "key_exists"));
        MapUpdateResult ifExists = join(broker.publish(ch, "zz", new MapPublishOptions(json("2"), Map.of(), null,
                null, MapKeyMode.IF_EXISTS, false, 0, "", false), PERSISTENT));
        assertThat(ifExists.suppressReason()).isEqualTo("key_not_found");
        MapPublishOptions v5 = new MapPublishOptions(json("5"), Map.of(), null, null, MapKeyMode.REPLACE, false, 5,
                "", false);
        MapPublishOptions v4 = new MapPublishOptions(json("4"), Map.of(), null, null, MapKeyMode.REPLACE, false, 4,
                "", false);
        assertThat(join(broker.publish(ch, "v", v5, PERSISTENT)).suppressed()).isFalse();
        assertThat(join(broker.publish(ch, "v", v4, PERSISTENT)).suppressReason()).isEqualTo("version");
        MapPublishOptions idem = new MapPublishOptions(json("1"), Map.of(), null, "once", MapKeyMode.REPLACE, false,
                0, "", false);
        MapUpdateResult first = join(broker.publish(ch, "i", idem, PERSISTENT));
        MapUpdateResult again = join(broker.publish(ch, "i", idem, PERSISTENT));
        assertThat(again).isEqualTo(new MapUpdateResult(first.position(), true, "idempotency"));
        assertThat(join(broker.remove(ch, "none", null, PERSISTENT)).suppressReason()).isEqualTo("key_not_found");
        // a(1), v(2), i(3): suppressed writes were neither stored nor handed on.
        assertThat(handler.take(3)).extracting(e -> e.publication().getKey()).containsExactly("a", "v", "i");
        assertThat(handler.drain()).isEmpty();
    }

    @Test
    void ephemeralMapsHaveNoOffsetsAndNoStream() throws Exception {
        String ch = channel();
        MapUpdateResult r = put(ch, "a", "1", EPHEMERAL);
        assertThat(r.position().offset()).isZero();
        RecordingHandler.Event e = handler.take(1).get(0);
        assertThat(e.position()).isEqualTo(StreamPosition.NONE);
        assertThat(e.publication().getOffset()).isZero();
        assertThat(join(broker.readState(ch, new MapStateQuery("", 10, null), EPHEMERAL)).entries())
                .extracting(Publication::getKey).containsExactly("a");
    }

    @Test
    void expiredKeysAreRemovedAndTheirRemovalHandedOn() throws Exception {
        String ch = channel();
        MapOptions recoverable = map(MapMode.RECOVERABLE, Duration.ofSeconds(10), 0);
        Map<String, String> tags = Map.of("team", "eng", "region", "eu-west-1");
        join(broker.publish(ch, "a", new MapPublishOptions(json("1"), tags, null, null, MapKeyMode.REPLACE, false, 0,
                "", false), recoverable));
        clock.advance(Duration.ofSeconds(6));
        put(ch, "b", "2", recoverable);
        handler.take(2);
        clock.advance(Duration.ofSeconds(5));
        expire();
        RecordingHandler.Event removal = handler.take(1).get(0);
        assertThat(removal.publication().getKey()).isEqualTo("a");
        assertThat(removal.publication().getRemoved()).isTrue();
        assertThat(removal.position().offset()).isEqualTo(3);
        assertThat(removal.publication().getTagsMap()).as("the removal carries the entry's tags").isEqualTo(tags);
        assertThat(join(broker.readStream(ch, new StreamPosition(2, removal.position().epoch()), 10, recoverable))
                .publications()).extracting(Publication::getTagsMap).containsExactly(tags);
        assertThat(join(broker.readState(ch, new MapStateQuery("", 10, null), recoverable)).entries())
                .extracting(Publication::getKey).containsExactly("b");
    }

    @Test
    void aSuppressedIfNewWriteCanKeepTheKeyAlive() throws Exception {
        String ch = channel();
        put(ch, "a", "1", EPHEMERAL);
        MapPublishOptions keepAlive = new MapPublishOptions(ByteString.EMPTY, Map.of(), null, null,
                MapKeyMode.IF_NEW, true, 0, "", false);
        clock.advance(Duration.ofSeconds(8));
        assertThat(join(broker.publish(ch, "a", keepAlive, EPHEMERAL)).suppressReason()).isEqualTo("key_exists");
        clock.advance(Duration.ofSeconds(8));
        expire();
        assertThat(join(broker.readState(ch, new MapStateQuery("", 10, null), EPHEMERAL)).entries()).hasSize(1);
        clock.advance(Duration.ofSeconds(3));
        expire();
        handler.take(1);
        assertThat(handler.take(1).get(0).publication().getRemoved()).isTrue();
    }

    @Test
    void deltaWritesHandOnTheKeysPreviousEntry() throws Exception {
        String ch = channel();
        MapPublishOptions delta = MapPublishOptions.of(json("{\"v\":1}"), null, true);
        join(broker.publish(ch, "a", delta, PERSISTENT));
        join(broker.publish(ch, "b", delta, PERSISTENT));
        join(broker.publish(ch, "a", MapPublishOptions.of(json("{\"v\":2}"), null, true), PERSISTENT));
        List<RecordingHandler.Event> events = handler.take(3);
        assertThat(events.get(0).previous()).isNull();
        // The key's previous value (not the stream's previous change), with a non-zero offset.
        assertThat(events.get(2).previous().getData().toStringUtf8()).isEqualTo("{\"v\":1}");
        assertThat(events.get(2).previous().getKey()).isEqualTo("a");
        assertThat(events.get(2).previous().getOffset()).isPositive();
    }
}
