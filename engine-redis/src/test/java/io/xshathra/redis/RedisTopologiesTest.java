package io.xshathra.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.HistoryQuery;
import io.xshathra.engine.broker.HistoryResult;
import io.xshathra.engine.broker.PublishOptions;
import io.xshathra.engine.broker.RecordingHandler;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisCluster;
import redis.embedded.RedisShardedCluster;

/**
 * The engine on Redis Sentinel and on Redis Cluster, both started from the embedded binary: two
 * engines (two nodes) exchange publications in order, read each other's history and share presence.
 */
class RedisTopologiesTest {
    private static final PublishOptions HISTORY =
            new PublishOptions(100, Duration.ofMinutes(5), Duration.ofHours(1), null);

    private static void twoNodesWork(RedisEngineOptions options) throws Exception {
        try (RedisEngine a = RedisEngine.start(options, Clock.systemUTC());
             RedisEngine b = RedisEngine.start(options, Clock.systemUTC())) {
            RecordingHandler got = new RecordingHandler();
            b.broker().setEventHandler(got);
            for (String ch : List.of("alpha", "beta", "gamma")) {
                b.broker().subscribe(ch).toCompletableFuture().join();
                for (int i = 1; i <= 20; i++) {
                    a.broker().publish(ch, Publication.newBuilder()
                            .setData(ByteString.copyFromUtf8("{\"n\":" + i + "}")).build(), HISTORY)
                            .toCompletableFuture().join();
                }
                assertThat(got.take(20)).extracting(e -> e.position().offset())
                        .isEqualTo(LongStream.rangeClosed(1, 20).boxed().toList());
                HistoryResult h = b.broker().history(ch, new HistoryQuery(null, -1, false, Duration.ofHours(1)))
                        .toCompletableFuture().join();
                assertThat(h.publications()).hasSize(20);
                a.presence().add(ch, "c1", ClientInfo.newBuilder().setUser("u").setClient("c1").build())
                        .toCompletableFuture().join();
                assertThat(b.presence().presence(ch).toCompletableFuture().join()).containsOnlyKeys("c1");
            }
        }
    }

    @Test
    void sentinel() throws Exception {
        int sentinelPort = EmbeddedRedis.freePort();
        RedisCluster redis = RedisCluster.newRedisCluster()
                .sentinelPorts(List.of(sentinelPort)).quorumSize(1)
                .serverPorts(List.of(EmbeddedRedis.freePort(), EmbeddedRedis.freePort()))
                .replicationGroup("master1", 1).build();
        redis.start();
        try {
            RedisEngineOptions s = RedisEngineOptions.standalone(List.of(), "sen");
            twoNodesWork(new RedisEngineOptions(List.of(), List.of(), List.of("127.0.0.1:" + sentinelPort),
                    "master1", "sen", s.presenceTtl(), s.connectTimeout(), s.ioTimeout(), 0, "", "", "",
                    s.probeInterval(), s.probeTimeout()));
        } finally {
            redis.stop();
        }
    }

    @Test
    void cluster() throws Exception {
        List<Integer> ports = List.of(EmbeddedRedis.freePort(), EmbeddedRedis.freePort(), EmbeddedRedis.freePort());
        RedisShardedCluster redis = RedisShardedCluster.newRedisCluster()
                .shard("a", 0).shard("b", 0).shard("c", 0).serverPorts(ports)
                .initializationTimeout(Duration.ofSeconds(20)).build();
        redis.start();
        try {
            RedisEngineOptions s = RedisEngineOptions.standalone(List.of(), "clu");
            twoNodesWork(new RedisEngineOptions(List.of(), redis.serverPorts().stream().map(p -> "127.0.0.1:" + p).toList(),
                    List.of(), "", "clu", s.presenceTtl(), s.connectTimeout(), s.ioTimeout(), 0, "", "", "",
                    s.probeInterval(), s.probeTimeout()));
        } finally {
            redis.stop();
        }
    }
}
