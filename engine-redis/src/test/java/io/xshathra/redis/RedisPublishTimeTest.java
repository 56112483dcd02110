package io.xshathra.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.BrokerEventHandler;
import io.xshathra.engine.broker.HistoryQuery;
import io.xshathra.engine.broker.PublishOptions;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Publish times on the Redis broker ({@code client.channel_position_max_time_lag}): stamped only
 * when asked, handed to the receiving node, and never part of what subscribers or history see.
 */
class RedisPublishTimeTest {
    @RegisterExtension
    static final EmbeddedRedis redis = EmbeddedRedis.perTestClass();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private RedisEngine engine;

    /** One delivery: the publication and the publish time the broker handed over. */
    private record Delivery(Publication pub, long publishedAt) {
    }

    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

    private final BrokerEventHandler handler = new BrokerEventHandler() {
        @Override
        public void handlePublication(String channel, Publication pub, StreamPosition position, Publication previous) {
            deliveries.add(new Delivery(pub, 0));
        }

        @Override
        public void handlePublication(String channel, Publication pub, StreamPosition position, Publication previous,
                                      long publishedAt) {
            deliveries.add(new Delivery(pub, publishedAt));
        }

        @Override
        public void handleJoin(String channel, ClientInfo info) {
        }

        @Override
        public void handleLeave(String channel, ClientInfo info) {
        }
    };

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    private void start(String prefix, boolean stamp) {
        engine = RedisEngine.start(RedisEngineOptions.standalone(List.of(redis.address()), prefix), clock);
        engine.stampPublishTimes(stamp);
        engine.broker().setEventHandler(handler);
    }

    private Delivery next() throws InterruptedException {
        Delivery d = deliveries.poll(5, TimeUnit.SECONDS);
        assertThat(d).as("a delivery within 5 s").isNotNull();
        return d;
    }

    private static Publication pub(String data) {
        return Publication.newBuilder().setData(ByteString.copyFromUtf8(data)).build();
    }

    @Test
    void stampedPublicationsCarryTheirTimeToTheHandlerOnly() throws Exception {
        start("pt1", true);
        engine.broker().subscribe("c").toCompletableFuture().join();
        engine.broker().subscribe("h").toCompletableFuture().join();
        long at = clock.millis();
        engine.broker().publish("c", pub("1"), PublishOptions.NO_HISTORY).toCompletableFuture().join();
        Delivery plain = next();
        assertThat(plain.publishedAt()).isEqualTo(at);
        assertThat(plain.pub().getTime()).as("not sent to subscribers").isZero();

        clock.advance(Duration.ofSeconds(3));
        PublishOptions history = new PublishOptions(10, Duration.ofMinutes(5), Duration.ofHours(1), null);
        engine.broker().publish("h", pub("2"), history).toCompletableFuture().join();
        Delivery positioned = next();
        assertThat(positioned.publishedAt()).isEqualTo(at + 3000);
        assertThat(positioned.pub().getTime()).isZero();
        assertThat(positioned.pub().getOffset()).isEqualTo(1);
        List<Publication> stored = engine.broker().history("h", new HistoryQuery(null, 10, false,
                Duration.ofHours(1))).toCompletableFuture().join().publications();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getTime()).as("history leaves the time out").isZero();
    }

    @Test
    void withoutTheLimitNothingIsStamped() throws Exception {
        start("pt2", false);
        engine.broker().subscribe("c").toCompletableFuture().join();
        engine.broker().publish("c", pub("1"), PublishOptions.NO_HISTORY).toCompletableFuture().join();
        assertThat(next().publishedAt()).isZero();
    }
}
