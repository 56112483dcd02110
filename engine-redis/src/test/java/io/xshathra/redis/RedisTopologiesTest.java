package io.xshathra.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.ByteString;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.xshathra.engine.broker.HistoryQuery;
import io.xshathra.engine.broker.HistoryResult;
import io.xshathra.engine.broker.PublishOptions;
import io.xshathra.engine.broker.PublishResult;
import io.xshathra.engine.broker.RecordingHandler;
import io.xshathra.engine.channel.ChannelSpace;
import io.xshathra.engine.project.RecordingTenantEvents;
import io.xshathra.engine.project.TenantEvent;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.testkit.Await;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisCluster;
import redis.embedded.RedisShardedCluster;
import redis.embedded.core.RedisSentinelBuilder;

/**
 * The engine on Redis Sentinel and on Redis Cluster, both started from the embedded binary: two
 * engines (two nodes) exchange publications in order, read each other's history and share
 * presence; and they carry on after a Sentinel failover. One of the two runs on event loops of its
 * own server ({@link RedisEngine#start(RedisEngineOptions, Clock, EventLoopGroup, Class)}).
 */
class RedisTopologiesTest {
    private static final PublishOptions HISTORY =
            new PublishOptions(100, Duration.ofMinutes(5), Duration.ofHours(1), null);

    /** Node a on Lettuce's own threads, node b on event loops of its server, as the launcher runs it. */
    private static void twoNodesWork(RedisEngineOptions options) throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            twoNodesWork(options, loops);
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void twoNodesWork(RedisEngineOptions options, EventLoopGroup loops) throws Exception {
        try (RedisEngine a = RedisEngine.start(options, Clock.systemUTC());
             RedisEngine b = RedisEngine.start(options, Clock.systemUTC(), loops, NioSocketChannel.class)) {
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
            occupancyWorks(a, b);
        }
    }

    /**
     * Each node's first subscriber of an empty channel occupies it, its last one vacates it, each
     * reported exactly once by the node that saw it; heartbeats run in between. The trackers have
     * no heartbeat of their own, so nothing here retries a failed command: every script must work
     * the first time, which needs a settled topology (see {@link #awaitClusterSettled}).
     */
    private static void occupancyWorks(RedisEngine a, RedisEngine b) {
        RecordingTenantEvents ea = new RecordingTenantEvents().want("P");
        RecordingTenantEvents eb = new RecordingTenantEvents().want("P");
        RedisOccupancy.Settings s = new RedisOccupancy.Settings(Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofSeconds(5), false);
        try (RedisOccupancy oa = a.occupancy(ea, Clock.systemUTC(), s);
             RedisOccupancy ob = b.occupancy(eb, Clock.systemUTC(), s)) {
            oa.tick();
            ob.tick();
            Duration wait = Duration.ofSeconds(10);
            for (String ch : List.of("alpha", "beta", "gamma")) {
                String k = ChannelSpace.key("P", ch);
                oa.firstLocal(k);
                Await.until(wait, () -> ea.events(TenantEvent.Kind.CHANNEL_OCCUPIED).size() == 1, "a occupies " + ch);
                oa.lastLocal(k);
                Await.until(wait, () -> ea.events(TenantEvent.Kind.CHANNEL_VACATED).size() == 1, "a vacates " + ch);
                ob.firstLocal(k);
                Await.until(wait, () -> eb.events(TenantEvent.Kind.CHANNEL_OCCUPIED).size() == 1, "b occupies " + ch);
                ob.lastLocal(k);
                Await.until(wait, () -> eb.events(TenantEvent.Kind.CHANNEL_VACATED).size() == 1, "b vacates " + ch);
                oa.tick();
                ob.tick();
                for (RecordingTenantEvents e : List.of(ea, eb)) {
                    assertThat(e.events()).as("exactly one occupied, then one vacated: " + ch)
                            .extracting(TenantEvent::kind, TenantEvent::channel)
                            .containsExactly(tuple(TenantEvent.Kind.CHANNEL_OCCUPIED, ch),
                                    tuple(TenantEvent.Kind.CHANNEL_VACATED, ch));
                    e.clear();
                }
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

    /**
     * The master dies; Sentinel promotes the replica. Both nodes find the new master by asking
     * Sentinel again, publishing works again with the same epoch and offsets that continue, and
     * the subscribing node receives again and is told deliveries may have been lost meanwhile.
     */
    @Test
    void sentinelFailover() throws Exception {
        int sentinelPort = EmbeddedRedis.freePort();
        RedisCluster redis = RedisCluster.newRedisCluster()
                .withSentinelBuilder(new RedisSentinelBuilder().downAfterMilliseconds(1000).failOverTimeout(3000))
                .sentinelPorts(List.of(sentinelPort)).quorumSize(1)
                .serverPorts(List.of(EmbeddedRedis.freePort(), EmbeddedRedis.freePort()))
                .replicationGroup("failover", 1).build();
        redis.start();
        RedisEngineOptions s = RedisEngineOptions.standalone(List.of(), "fo");
        RedisEngineOptions options = new RedisEngineOptions(List.of(), List.of(), List.of("127.0.0.1:" + sentinelPort),
                "failover", "fo", s.presenceTtl(), s.connectTimeout(), Duration.ofSeconds(2), 0, "", "", "",
                Duration.ofMillis(500), Duration.ofSeconds(2));
        try (RedisEngine a = RedisEngine.start(options, Clock.systemUTC());
             RedisEngine b = RedisEngine.start(options, Clock.systemUTC())) {
            RecordingHandler got = new RecordingHandler();
            b.broker().setEventHandler(got);
            b.broker().subscribe("orders").toCompletableFuture().join();
            String epoch = null;
            for (int i = 1; i <= 5; i++) {
                epoch = a.broker().publish("orders", pub(i), HISTORY).toCompletableFuture().join().position().epoch();
            }
            assertThat(got.take(5)).extracting(e -> e.position().offset()).containsExactly(1L, 2L, 3L, 4L, 5L);
            awaitReplicaKnownToSentinel(sentinelPort, "failover");
            io.lettuce.core.RedisClient direct =
                    io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + redis.serverPorts().get(0));
            try (var master = direct.connect()) {
                assertThat(master.sync().waitForReplication(1, 5000)).as("the replica has every write").isEqualTo(1);
            } finally {
                direct.shutdown();
            }

            redis.servers().get(0).stop();

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            AtomicReference<PublishResult> published = new AtomicReference<>();
            Await.until(left(deadline), () -> {
                try {
                    published.set(a.broker().publish("orders", pub(6), HISTORY).toCompletableFuture()
                            .get(3, TimeUnit.SECONDS));
                    return true;
                } catch (ExecutionException | TimeoutException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }, "publishing works again after the failover");
            PublishResult after = published.get();
            assertThat(after.position().epoch()).as("the promoted replica kept the stream").isEqualTo(epoch);
            assertThat(after.position().offset()).isEqualTo(6);
            // b's Pub/Sub connection moved to the new master too: later publications reach it
            AtomicLong offset = new AtomicLong(6);
            Await.until(left(deadline), () -> {
                offset.set(a.broker().publish("orders", pub(7), HISTORY).toCompletableFuture().join().position().offset());
                return Await.holdsWithin(Duration.ofMillis(300),
                        () -> got.drain().stream().anyMatch(e -> "pub".equals(e.kind())));
            }, "the other node receives again");
            assertThat(offset.get()).isGreaterThan(6);
            assertThat(got.interruptions.get()).as("told that deliveries may have been lost").isPositive();
            Await.until(left(deadline), () -> a.healthy() && b.healthy(), "both nodes healthy again");
        } finally {
            redis.stop();
        }
    }

    /**
     * A Sentinel learns of replicas from the master's INFO (every 10 s); a master that dies before
     * that cannot be failed over. Waits until the Sentinel lists the replica with a working link.
     */
    private static void awaitReplicaKnownToSentinel(int sentinelPort, String master) throws InterruptedException {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + sentinelPort);
        try (var sentinel = client.connectSentinel()) {
            Await.until(Duration.ofSeconds(30), () -> sentinel.sync().replicas(master).stream()
                    .anyMatch(r -> "slave".equals(r.get("flags")) && "ok".equals(r.get("master-link-status"))),
                    "the Sentinel knows a healthy replica");
        } finally {
            client.shutdown();
        }
    }

    /** What is left of a deadline taken from {@link System#nanoTime()}, at least 1 ns. */
    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    private static Publication pub(int n) {
        return Publication.newBuilder().setData(ByteString.copyFromUtf8("{\"n\":" + n + "}")).build();
    }

    @Test
    void cluster() throws Exception {
        List<Integer> ports = List.of(EmbeddedRedis.freePort(), EmbeddedRedis.freePort(), EmbeddedRedis.freePort());
        // a shard takes its port when added: the ports come first, or the shards get 6379-6381
        RedisShardedCluster redis = RedisShardedCluster.newRedisCluster()
                .serverPorts(ports).shard("a", 0).shard("b", 0).shard("c", 0)
                .initializationTimeout(Duration.ofSeconds(20)).build();
        redis.start();
        try {
            awaitClusterSettled(redis.serverPorts());
            RedisEngineOptions s = RedisEngineOptions.standalone(List.of(), "clu");
            twoNodesWork(new RedisEngineOptions(List.of(), redis.serverPorts().stream().map(p -> "127.0.0.1:" + p).toList(),
                    List.of(), "", "clu", s.presenceTtl(), s.connectTimeout(), s.ioTimeout(), 0, "", "", "",
                    s.probeInterval(), s.probeTimeout()));
        } finally {
            redis.stop();
        }
    }

    /**
     * The embedded cluster's start returns once one key can be read, when the other masters may
     * not have learnt every slot owner yet: until then they answer CLUSTERDOWN. Waits until every
     * node reports the cluster up.
     */
    private static void awaitClusterSettled(List<Integer> ports) {
        for (int port : ports) {
            io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + port);
            try (var node = client.connect()) {
                Await.until(Duration.ofSeconds(30), () -> node.sync().clusterInfo().contains("cluster_state:ok"),
                        "the cluster node on port " + port + " is up");
            } finally {
                client.shutdown();
            }
        }
    }
}
