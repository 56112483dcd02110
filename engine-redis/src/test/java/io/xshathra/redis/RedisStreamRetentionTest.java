package io.xshathra.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.Broker;
import io.xshathra.engine.broker.HistoryQuery;
import io.xshathra.engine.broker.PublishOptions;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.protocol.proto.Publication;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a read of a never-published channel leaves in Redis: only an epoch, expiring within
 * {@link RedisBroker#EMPTY_STREAM_META_TTL} unless read again, instead of the namespace's
 * {@code history_meta_ttl} (720 h by default); the first publication gives it the full TTL and
 * keeps the epoch that subscribers were given.
 */
class RedisStreamRetentionTest {
    private static final Duration META_TTL = Duration.ofHours(720);
    @RegisterExtension
    static final EmbeddedRedis redis = EmbeddedRedis.perTestClass();
    private RedisEngine engine;
    private Broker broker;

    @BeforeEach
    void start() {
        engine = RedisEngine.start(RedisEngineOptions.standalone(List.of(redis.address()), "retention"),
                Clock.systemUTC());
        broker = engine.broker();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private static <T> T join(CompletionStage<T> s) {
        return s.toCompletableFuture().join();
    }

    private long metaTtlSeconds(String channel) {
        return redis.commands().ttl(new String(engine.keys().streamMeta(channel), StandardCharsets.UTF_8));
    }

    @Test
    void aReadOfANeverPublishedChannelKeepsItsEpochBriefly() {
        StreamPosition top = join(broker.history("quiet", HistoryQuery.top(META_TTL))).top();
        assertThat(top.offset()).isZero();
        long ttl = metaTtlSeconds("quiet");
        assertThat(ttl).isPositive().isLessThanOrEqualTo(RedisBroker.EMPTY_STREAM_META_TTL.toSeconds());
        assertThat(join(broker.history("quiet", HistoryQuery.top(Duration.ZERO))).top())
                .as("a meta TTL of 0 (keep) still gets the short one while empty").isEqualTo(top);
        assertThat(metaTtlSeconds("quiet")).isPositive()
                .isLessThanOrEqualTo(RedisBroker.EMPTY_STREAM_META_TTL.toSeconds());

        Publication p = Publication.newBuilder().setData(ByteString.copyFromUtf8("{}")).build();
        StreamPosition first = join(broker.publish("quiet", p,
                new PublishOptions(10, Duration.ofSeconds(300), META_TTL, null))).position();
        assertThat(first).isEqualTo(new StreamPosition(1, top.epoch()));
        assertThat(metaTtlSeconds("quiet")).isGreaterThan(RedisBroker.EMPTY_STREAM_META_TTL.toSeconds());
        join(broker.history("quiet", HistoryQuery.top(META_TTL)));
        assertThat(metaTtlSeconds("quiet")).as("a stream with publications keeps the full TTL")
                .isGreaterThan(RedisBroker.EMPTY_STREAM_META_TTL.toSeconds());
    }

    @Test
    void aShorterNamespaceMetaTtlWins() {
        join(broker.history("brief", HistoryQuery.top(Duration.ofSeconds(30))));
        assertThat(metaTtlSeconds("brief")).isPositive().isLessThanOrEqualTo(30);
    }

    @Test
    void unbalancedSubscribeCallsLeaveNoInterestBehind() {
        join(broker.unsubscribe("c"));
        join(broker.subscribe("c"));
        assertThat(((RedisBroker) broker).subscribedChannels()).isZero();
    }
}
