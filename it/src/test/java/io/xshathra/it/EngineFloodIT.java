package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.CreatedProject;
import io.xshathra.engine.metrics.EngineMetrics;
import io.xshathra.engine.Node;
import io.xshathra.engine.broker.MemoryBroker;
import io.xshathra.engine.client.ClientSession;
import io.xshathra.engine.presence.MemoryPresenceManager;
import io.xshathra.redis.EmbeddedRedis;
import io.xshathra.testkit.Await;
import io.xshathra.testkit.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The engine's memory bounds, held against abusive clients of the whole server.
 *
 * <p>Command flood (Redis engine): three raw WebSocket clients write {@code presence} commands
 * (each a Redis call) as fast as their sockets take them, without reading, for
 * {@code -Dxshathra.flood.seconds} (default 3). The node never holds more than
 * {@code client.command_queue_limit} waiting commands for a connection (sampled on each session's
 * event loop), it stops reading them (read pauses counted, the clients' writes wait), and when the
 * clients read they get every reply in order or a 3008 close. Meanwhile another client connects,
 * subscribes and gets a publication. A single frame with more commands than the limit closes
 * its connection with 3008.
 *
 * <p>Channel churn (memory and Redis engines): one anonymous connection (a project's public
 * client key) subscribes to and unsubscribes from {@code -Dxshathra.flood.channels} (default
 * 50,000) distinct channels of a namespace with history, presence and recovery, asking for
 * recovery each time. Afterwards the node keeps no per-channel state (hub channels, memory
 * streams and presence entries 0), and with Redis every key left behind is the epoch of a
 * never-published stream that expires within 10 minutes. Recovery still works after it.
 */
class EngineFloodIT {
    private static final int SECONDS = Integer.getInteger("xshathra.flood.seconds", 3);
    private static final int FLOODERS = 3;
    private static final int QUEUE_LIMIT = 1024;
    private static final int CHANNELS = Integer.getInteger("xshathra.flood.channels", 50_000);
    private static final long NEVER_PUBLISHED_TTL_MILLIS = TimeUnit.MINUTES.toMillis(10);
    private static final String PRESENCE = "\"presence\":{\"channel\":\"open:flooded\"}";

    /** A namespace open to any client, with history and presence: what the floods use. */
    static Map<String, Object> openChannels() {
        return Map.of("without_namespace", Map.of(), "namespaces", List.of(Map.ofEntries(
                Map.entry("name", "open"),
                Map.entry("allow_subscribe_for_client", true),
                Map.entry("allow_subscribe_for_anonymous", true),
                Map.entry("allow_presence_for_client", true),
                Map.entry("allow_history_for_client", true),
                Map.entry("presence", true),
                Map.entry("history_size", 10),
                Map.entry("history_ttl", "300s"),
                Map.entry("force_recovery", true))));
    }

    /**
     * The Redis engine with the fixture's settings, the open namespace, the default command bound,
     * and a WebSocket write timeout long enough that a client that reads late is judged by the
     * command bound and {@code client.queue_max_size} (both 3008), not by its stalled socket (3009).
     */
    private static ServerFixture redisNode(EmbeddedRedis redis) {
        return RedisNodes.node(redis, "flood").set("channel", openChannels())
                .set("websocket", Map.of("write_timeout", "30s"))
                .client("command_queue_limit", QUEUE_LIMIT).start();
    }

    @Test
    void floodingClientsAreHeldToTheCommandBoundAndOthersAreServed() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.start(); ServerFixture server = redisNode(redis)) {
            Node node = server.launcher().node();
            EngineMetrics metrics = node.metrics();
            long pausesBefore = metrics.readPauses();
            List<CommandFlooder> flooders = new ArrayList<>();
            try {
                for (int i = 0; i < FLOODERS; i++) {
                    flooders.add(CommandFlooder.connect(server.port(), ServerFixture.token("flooder-" + i), PRESENCE));
                }
                QueueSampler sampler = new QueueSampler(node, flooders);
                long start = System.nanoTime();
                long deadline = start + TimeUnit.SECONDS.toNanos(SECONDS);
                List<Thread> writers = new ArrayList<>();
                for (CommandFlooder f : flooders) {
                    writers.add(ConsoleFlood.daemon("flood-writer", () -> f.write(deadline)));
                }
                Thread sampling = ConsoleFlood.daemon("queue-sampler", () -> sampler.run(deadline));
                long publicationMillis = normalClientIsServed(server);
                sampling.join(TimeUnit.SECONDS.toMillis(SECONDS + 10));
                long readStart = System.nanoTime();
                List<Thread> readers = new ArrayList<>();
                for (CommandFlooder f : flooders) {
                    readers.add(ConsoleFlood.daemon("flood-reader", () -> readQuietly(f, readStart)));
                }
                for (Thread t : writers) {
                    t.join(TimeUnit.SECONDS.toMillis(30));
                }
                for (Thread t : readers) {
                    t.join(TimeUnit.SECONDS.toMillis(60));
                }
                long pauses = metrics.readPauses() - pausesBefore;
                System.out.printf("%n[flood] %d clients x %d s of presence commands (Redis), limit %d%n",
                        FLOODERS, SECONDS, QUEUE_LIMIT);
                flooders.forEach(f -> System.out.printf("[flood]   %s%n", f));
                System.out.printf("[flood]   max queued commands of a session: %d (%d samples); read pauses %d; "
                                + "queue overflows %d; a normal client's publication after %d ms%n",
                        sampler.max.get(), sampler.samples.get(), pauses, metrics.commandQueueOverflows(),
                        publicationMillis);

                assertThat(writers).noneMatch(Thread::isAlive);
                assertThat(readers).noneMatch(Thread::isAlive);
                assertThat(sampler.samples.get()).as("queue samples").isGreaterThan(10);
                assertThat(sampler.max.get()).as("commands one session held").isBetween(1, QUEUE_LIMIT);
                assertThat(pauses).as("read pauses").isPositive();
                assertThat(metric(server, "xshathra_client_read_pauses_total")).as("read pauses on /metrics")
                        .isEqualTo(metrics.readPauses());
                for (CommandFlooder f : flooders) {
                    assertThat(f.sent).as("commands sent").isGreaterThan(QUEUE_LIMIT);
                    assertThat(f.inOrder).as("replies in order: " + f).isTrue();
                    assertThat(f.end).as("how " + f.clientId + " ended").matches("answered|3008 .*");
                    // A write only waits when the server has stopped reading: backpressure, not buffering.
                    assertThat(f.longestWriteNanos).as("longest write of " + f)
                            .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(100));
                }
            } finally {
                flooders.forEach(CommandFlooder::close);
            }
        }
    }

    @Test
    void oneFrameWithMoreCommandsThanTheLimitIsClosedWith3008() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.start(); ServerFixture server = redisNode(redis)) {
            long overflows = server.launcher().node().metrics().commandQueueOverflows();
            CommandFlooder f = CommandFlooder.connect(server.port(), ServerFixture.token("burst"), PRESENCE);
            try {
                long t0 = System.nanoTime();
                f.sendBurst(QUEUE_LIMIT + 2);
                String close = f.closeAfterBurst();
                System.out.printf("%n[flood] one frame of %d commands: %s after %d ms%n", QUEUE_LIMIT + 2, close,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                assertThat(close).startsWith("3008");
                assertThat(server.launcher().node().metrics().commandQueueOverflows()).isEqualTo(overflows + 1);
            } finally {
                f.close();
            }
        }
    }

    @Test
    void channelChurnLeavesNoStateOnTheMemoryEngine() throws Exception {
        try (ServerFixture server = ServerFixture.builder().set("channel", openChannels()).start()) {
            Node node = server.launcher().node();
            MemoryBroker broker = (MemoryBroker) node.broker();
            MemoryPresenceManager presence = (MemoryPresenceManager) node.presence();
            CreatedProject p = ChannelChurn.project(server);
            try (WsClient c = ChannelChurn.connectAnonymously(server, p)) {
                long t0 = System.nanoTime();
                ChannelChurn.churn(c, CHANNELS);
                long churnMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                Await.until(Duration.ofSeconds(10), () -> node.hub().numChannels() == 0 && broker.streamCount() == 0
                        && presence.channelCount() == 0, "no channel state left");
                System.out.printf("%n[churn] memory engine: %d channels subscribed and left in %d ms; hub channels %d, "
                                + "memory streams %d (evicted %d), presence channels %d%n", CHANNELS, churnMillis,
                        node.hub().numChannels(), broker.streamCount(), broker.streamsEvicted(), presence.channelCount());
                assertThat(broker.streamsEvicted()).as("streams dropped for the limit, not for leaving").isZero();
                assertThat(metric(server, "xshathra_node_memory_streams")).as("memory streams on /metrics").isZero();
                ChannelChurn.recoveryStillWorks(server, p, c);
                assertThat(broker.streamCount()).as("the published stream is kept").isEqualTo(1);
            }
        }
    }

    @Test
    void channelChurnLeavesOnlyShortLivedEpochsOnRedis() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.start();
             ServerFixture server = RedisNodes.node(redis, "churn").set("channel", openChannels()).start()) {
            Node node = server.launcher().node();
            CreatedProject p = ChannelChurn.project(server);
            try (WsClient c = ChannelChurn.connectAnonymously(server, p)) {
                long t0 = System.nanoTime();
                ChannelChurn.churn(c, CHANNELS);
                long churnMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                Await.until(Duration.ofSeconds(10), () -> node.hub().numChannels() == 0, "no hub channels left");
                RedisKeyCensus keys = RedisKeyCensus.of(redis.commands(), "churn");
                System.out.printf("%n[churn] Redis engine: %d channels subscribed and left in %d ms; hub channels %d; "
                        + "Redis keys %s%n", CHANNELS, churnMillis, node.hub().numChannels(), keys);
                assertThat(keys.presence).as("presence keys").isZero();
                assertThat(keys.streams).as("stream keys").isZero();
                // The one key without a TTL may be the registry of live nodes (tenant occupancy): one
                // entry per running node, removed as each stops; churn leaves nothing else behind.
                assertThat(keys.withoutTtl).as("keys kept forever: " + keys.examples)
                        .allMatch(k -> k.equals("churn.occupancy.nodes"));
                assertThat(keys.maxTtlMillis).as("longest TTL of a stream epoch").isBetween(1L, NEVER_PUBLISHED_TTL_MILLIS);
                assertThat(keys.meta).as("epochs of the churned streams").isBetween(1L, (long) CHANNELS);
                ChannelChurn.recoveryStillWorks(server, p, c);
            }
        }
    }

    /** A well-behaved client during the flood: connects, subscribes, gets a publication; its latency in ms. */
    private static long normalClientIsServed(ServerFixture server) {
        try (WsClient c = WsClient.open(server.wsUrl())) {
            c.send("{\"id\":1,\"connect\":{\"token\":\"" + ServerFixture.token("bystander") + "\"}}");
            assertThat(c.nextLine()).startsWith("{\"id\":1,\"connect\":");
            c.send("{\"id\":2,\"subscribe\":{\"channel\":\"open:news\"}}");
            assertThat(c.nextLine()).startsWith("{\"id\":2,\"subscribe\":");
            long t0 = System.nanoTime();
            server.publish("open:news", "{\"during\":\"flood\"}");
            assertThat(c.nextLineContaining("\"during\":\"flood\"")).contains("open:news");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(millis).as("publication latency during the flood").isLessThan(2000);
            return millis;
        }
    }

    /** The value of an unlabelled metric on the server's Prometheus route. */
    private static long metric(ServerFixture server, String name) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/realtime/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body().lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> (long) Double.parseDouble(l.substring(name.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(name + " not on /metrics"));
    }

    private static void readQuietly(CommandFlooder f, long start) {
        try {
            f.read(start);
        } catch (java.io.IOException e) {
            f.end = "read failed: " + e;
        }
    }

    /** Samples each flooding session's waiting commands on its own event loop, every few ms. */
    private static final class QueueSampler {
        final AtomicInteger max = new AtomicInteger();
        final AtomicInteger samples = new AtomicInteger();
        private final Node node;
        private final List<CommandFlooder> flooders;

        QueueSampler(Node node, List<CommandFlooder> flooders) {
            this.node = node;
            this.flooders = flooders;
        }

        void run(long deadline) {
            while (System.nanoTime() < deadline) {
                for (CommandFlooder f : flooders) {
                    ClientSession s = node.session(f.clientId);
                    if (s == null) {
                        continue;
                    }
                    CompletableFuture<Integer> depth = new CompletableFuture<>();
                    s.execute(() -> depth.complete(s.queuedCommands()));
                    try {
                        max.accumulateAndGet(depth.get(2, TimeUnit.SECONDS), Math::max);
                        samples.incrementAndGet();
                    } catch (Exception e) {
                        // a closed session's event loop may drop the task; the next round samples again
                    }
                }
                Await.pace(Duration.ofMillis(2), "the sampling interval of the queue-depth monitor");
            }
        }
    }
}
