package io.xshathra.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.PublishOptions;
import io.xshathra.engine.broker.RecordingHandler;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two engines as two nodes; reconnects, a silently dead Pub/Sub connection, startup errors, shards. */
class RedisEngineResilienceTest {
    private static final PublishOptions HISTORY =
            new PublishOptions(100, Duration.ofMinutes(5), Duration.ofHours(1), null);
    @RegisterExtension
    static final EmbeddedRedis redis = EmbeddedRedis.perTestClass();

    private static RedisEngine engine(String prefix) {
        return RedisEngine.start(RedisEngineOptions.standalone(List.of(redis.address()), prefix)
                .withProbe(Duration.ofMillis(200), Duration.ofMillis(1000)), Clock.systemUTC());
    }

    private static Publication pub(int n) {
        return Publication.newBuilder().setData(ByteString.copyFromUtf8("{\"n\":" + n + "}")).build();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(Duration.ofSeconds(10), condition, what);
    }

    @Test
    void aPublicationOnOneNodeReachesTheOtherInOrder() throws Exception {
        try (RedisEngine a = engine("x1"); RedisEngine b = engine("x1")) {
            RecordingHandler got = new RecordingHandler();
            b.broker().setEventHandler(got);
            b.broker().subscribe("chat").toCompletableFuture().join();
            for (int i = 1; i <= 50; i++) {
                a.broker().publish("chat", pub(i), HISTORY).toCompletableFuture().join();
            }
            assertThat(got.take(50)).extracting(e -> e.position().offset())
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, 50).boxed().toList());
        }
    }

    @Test
    void channelsAreSubscribedAgainAfterTheConnectionIsKilled() throws Exception {
        try (RedisEngine a = engine("x2"); RedisEngine b = engine("x2")) {
            RecordingHandler got = new RecordingHandler();
            b.broker().setEventHandler(got);
            b.broker().subscribe("chat").toCompletableFuture().join();
            redis.commands().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
            await("b is told deliveries may have been lost", () -> got.interruptions.get() > 0);
            await("b receives again", () -> {
                a.broker().publish("chat", pub(0), PublishOptions.NO_HISTORY).toCompletableFuture().join();
                return !got.drain().isEmpty();
            });
        }
    }

    @Test
    void aSilentlyDeadPubSubConnectionIsReplaced() throws Exception {
        try (RedisEngine a = engine("x3"); RedisEngine b = engine("x3")) {
            RecordingHandler got = new RecordingHandler();
            b.broker().setEventHandler(got);
            b.broker().subscribe("chat").toCompletableFuture().join();
            RedisShard shard = b.shards().get(0);
            var dead = shard.pubSubConnection();
            // the connection stays open but Redis stops sending it anything
            dead.sync().unsubscribe();
            await("the probe notices and replaces the connection", () -> shard.pubSubConnection() != dead);
            await("b is told deliveries may have been lost", () -> got.interruptions.get() > 0);
            await("b receives again", () -> {
                a.broker().publish("chat", pub(0), PublishOptions.NO_HISTORY).toCompletableFuture().join();
                return !got.drain().isEmpty();
            });
            await("healthy again", b::healthy);
        }
    }

    @Test
    void healthTurnsFalseWhileRedisIsDownAndBackAfterwards() throws Exception {
        EmbeddedRedis own = EmbeddedRedis.start();
        try (RedisEngine e = RedisEngine.start(RedisEngineOptions.standalone(List.of(own.address()), "h")
                .withProbe(Duration.ofMillis(200), Duration.ofMillis(1000)), Clock.systemUTC())) {
            await("healthy", e::healthy);
            own.stop();
            await("unhealthy", () -> !e.healthy());
            own.restart();
            await("healthy again", e::healthy);
        } finally {
            own.close();
        }
    }

    @Test
    void anUnreachableAddressFailsWithTheKeyAndAddress() {
        int port = EmbeddedRedis.freePort();
        assertThatThrownBy(() -> RedisEngine.start(
                RedisEngineOptions.standalone(List.of("redis://127.0.0.1:" + port), "u"), Clock.systemUTC()))
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("engine.redis.address");
    }

    @Test
    void channelsAreSpreadOverShardsAndDeliveredFromEach() throws Exception {
        EmbeddedRedis second = EmbeddedRedis.start();
        List<String> shards = List.of(redis.address(), second.address());
        try (RedisEngine a = RedisEngine.start(RedisEngineOptions.standalone(shards, "s"), Clock.systemUTC());
             RedisEngine b = RedisEngine.start(RedisEngineOptions.standalone(shards, "s"), Clock.systemUTC())) {
            RecordingHandler got = new RecordingHandler();
            b.broker().setEventHandler(got);
            for (int i = 0; i < 20; i++) {
                b.broker().subscribe("ch" + i).toCompletableFuture().join();
            }
            for (int i = 0; i < 20; i++) {
                a.broker().publish("ch" + i, pub(i), HISTORY).toCompletableFuture().join();
            }
            assertThat(got.take(20)).extracting(RecordingHandler.Event::channel).hasSize(20);
            assertThat(redis.commands().keys("s.stream.meta.*")).isNotEmpty();
            assertThat(second.commands().keys("s.stream.meta.*")).isNotEmpty();
        } finally {
            second.close();
        }
    }

    @Test
    void jumpHashIsStableAndMovesFewChannelsWhenAShardIsAdded() {
        int moved = 0;
        for (int i = 0; i < 1000; i++) {
            String ch = "channel:" + i;
            int three = ShardRing.index(ch, 3);
            assertThat(three).isEqualTo(ShardRing.index(ch, 3)).isBetween(0, 2);
            if (ShardRing.index(ch, 4) != three) {
                moved++;
            }
        }
        assertThat(moved).isBetween(150, 350);
        assertThat(ShardRing.fnv1a("a".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xaf63dc4c8601ec8cL);
    }
}
