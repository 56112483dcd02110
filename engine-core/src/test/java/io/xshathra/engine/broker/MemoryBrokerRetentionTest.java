package io.xshathra.engine.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.testkit.MutableClock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the memory broker keeps per channel: nothing for a channel that never had a publication
 * and has no subscriber, the empty stream of a subscribed channel until its last unsubscribe,
 * and at most the stream limit of streams (least recently used dropped first), with the outcome
 * a reader of a dropped stream must see: a new epoch, never publications of the old one.
 */
class MemoryBrokerRetentionTest {
    private static final Duration META_TTL = Duration.ofHours(720);
    private final MutableClock clock = MutableClock.atFixedInstant();
    private MemoryBroker broker = new MemoryBroker(clock, null, 3);

    @AfterEach
    void close() {
        broker.close();
    }

    private static <T> T join(CompletionStage<T> s) {
        return s.toCompletableFuture().join();
    }

    private StreamPosition publish(String channel, int n) {
        Publication p = Publication.newBuilder().setData(ByteString.copyFromUtf8("{\"n\":" + n + "}")).build();
        return join(broker.publish(channel, p, new PublishOptions(10, Duration.ofSeconds(300), META_TTL, null)))
                .position();
    }

    private StreamPosition top(String channel) {
        return join(broker.history(channel, HistoryQuery.top(META_TTL))).top();
    }

    @Test
    void aNeverPublishedChannelWithoutSubscribersCostsNothing() {
        StreamPosition first = top("a");
        StreamPosition second = top("a");
        assertThat(first.offset()).isZero();
        assertThat(first.epoch()).isNotEmpty();
        assertThat(second.epoch()).as("nothing was kept, so each read starts afresh").isNotEqualTo(first.epoch());
        assertThat(broker.streamCount()).isZero();
        assertThatThrownBy(() -> join(broker.history("a",
                new HistoryQuery(new StreamPosition(0, first.epoch()), -1, false, META_TTL))))
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(UnrecoverablePositionException.class);
    }

    @Test
    void anEmptyStreamOfASubscribedChannelLastsUntilItsLastUnsubscribe() {
        join(broker.subscribe("a"));
        join(broker.subscribe("a"));
        String epoch = top("a").epoch();
        assertThat(top("a").epoch()).isEqualTo(epoch);
        join(broker.unsubscribe("a"));
        assertThat(top("a").epoch()).as("one subscription left").isEqualTo(epoch);
        assertThat(publish("a", 1)).as("the first publication keeps the subscribers' epoch")
                .isEqualTo(new StreamPosition(1, epoch));
        join(broker.unsubscribe("a"));
        assertThat(broker.streamCount()).as("a stream with publications outlives its subscribers").isEqualTo(1);
        assertThat(broker.subscribedCount()).isZero();
    }

    @Test
    void anEmptyStreamOutlivesItsSubscribersSoTheyRecoverInItsEpoch() {
        join(broker.subscribe("a"));
        String epoch = top("a").epoch();
        assertThat(broker.streamCount()).isEqualTo(1);
        join(broker.unsubscribe("a"));
        assertThat(broker.subscribedCount()).isZero();
        assertThat(broker.streamCount()).isZero();
        assertThat(broker.quietCount()).as("the subscriber that left holds this epoch").isEqualTo(1);
        assertThat(top("a").epoch()).as("a read answers the held epoch").isEqualTo(epoch);
        assertThat(publish("a", 1)).as("published while nobody listens, in the same epoch")
                .isEqualTo(new StreamPosition(1, epoch));
        assertThat(join(broker.history("a", new HistoryQuery(new StreamPosition(0, epoch), -1, false, META_TTL)))
                .publications()).hasSize(1);
        assertThat(broker.quietCount()).as("published: a real stream again").isZero();
        assertThat(broker.streamCount()).isEqualTo(1);
    }

    @Test
    void anUnsubscribeThatOvertakesItsSubscribeBalancesOut() {
        join(broker.unsubscribe("a"));
        assertThat(top("a").epoch()).isNotEqualTo(top("a").epoch());
        join(broker.subscribe("a"));
        assertThat(broker.subscribedCount()).isZero();
        assertThat(broker.streamCount()).isZero();
        join(broker.subscribe("a"));
        String epoch = top("a").epoch();
        assertThat(top("a").epoch()).isEqualTo(epoch);
    }

    @Test
    void subscribeChurnOverManyChannelsNeverPushesOutStreamsWithHistory() {
        String a = publish("a", 1).epoch();
        String b = publish("b", 1).epoch();
        for (int i = 0; i < 10; i++) {
            join(broker.subscribe("churn" + i));
            top("churn" + i);
            join(broker.unsubscribe("churn" + i));
        }
        assertThat(broker.quietCount()).as("bounded by the stream limit").isEqualTo(3);
        assertThat(broker.streamCount()).isEqualTo(2);
        assertThat(top("a")).isEqualTo(new StreamPosition(1, a));
        assertThat(top("b")).isEqualTo(new StreamPosition(1, b));
    }

    @Test
    void aQuietEpochLastsItsMetaTtl() {
        join(broker.subscribe("q"));
        String epoch = top("q").epoch();
        join(broker.unsubscribe("q"));
        clock.advance(META_TTL.plusSeconds(1));
        broker.sweep();
        assertThat(broker.quietCount()).isZero();
        assertThat(top("q").epoch()).isNotEqualTo(epoch);
    }

    @Test
    void theLeastRecentlyUsedStreamIsDroppedBeyondTheLimit() {
        String a = publish("a", 1).epoch();
        String b = publish("b", 1).epoch();
        publish("c", 1);
        assertThat(top("a").epoch()).isEqualTo(a);
        publish("d", 1);
        assertThat(broker.streamCount()).isEqualTo(3);
        assertThat(broker.streamsEvicted()).isEqualTo(1);
        assertThat(top("a")).as("read recently, kept").isEqualTo(new StreamPosition(1, a));
        StreamPosition newB = top("b");
        assertThat(newB.epoch()).as("b was dropped: a new epoch").isNotEqualTo(b);
        assertThat(newB.offset()).isZero();
    }

    @Test
    void aReaderOfAnEvictedStreamNeverGetsPublicationsOfTheOldEpoch() {
        String old = publish("b", 1).epoch();
        publish("b", 2);
        publish("c", 1);
        publish("d", 1);
        publish("e", 1);
        assertThatThrownBy(() -> join(broker.history("b",
                new HistoryQuery(new StreamPosition(1, old), -1, false, META_TTL))))
                .hasCauseInstanceOf(UnrecoverablePositionException.class);
        StreamPosition restarted = publish("b", 3);
        assertThat(restarted.offset()).isEqualTo(1);
        assertThat(restarted.epoch()).isNotEqualTo(old);
        HistoryResult h = join(broker.history("b", new HistoryQuery(null, -1, false, META_TTL)));
        assertThat(h.publications()).extracting(Publication::getOffset).containsExactly(1L);
        assertThat(h.publications().get(0).getData().toStringUtf8()).isEqualTo("{\"n\":3}");
    }

    @Test
    void idempotencyResultsAreCappedOldestFirst() {
        for (int i = 0; i < 5; i++) {
            Publication p = Publication.newBuilder().setData(ByteString.copyFromUtf8("{}")).build();
            join(broker.publish("x", p, new PublishOptions(0, Duration.ZERO, Duration.ZERO, "k" + i)));
        }
        assertThat(broker.idempotencyCount()).isEqualTo(3);
        Publication p = Publication.newBuilder().setData(ByteString.copyFromUtf8("{}")).build();
        assertThat(join(broker.publish("x", p, new PublishOptions(0, Duration.ZERO, Duration.ZERO, "k4")))
                .suppressed()).as("a recent key is still known").isTrue();
        assertThat(join(broker.publish("x", p, new PublishOptions(0, Duration.ZERO, Duration.ZERO, "k0")))
                .suppressed()).as("the oldest key was dropped").isFalse();
    }

    @Test
    void idempotencyResultsExpireInTheSweep() {
        Publication p = Publication.newBuilder().setData(ByteString.copyFromUtf8("{}")).build();
        join(broker.publish("x", p, new PublishOptions(0, Duration.ZERO, Duration.ZERO, "k")));
        clock.advance(MemoryBroker.IDEMPOTENCY_TTL.plusSeconds(1));
        broker.sweep();
        assertThat(broker.idempotencyCount()).isZero();
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new MemoryBroker(clock, null, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
