package io.xshathra.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.Node;
import io.xshathra.engine.api.ServerApi;
import io.xshathra.engine.broker.MemoryBroker;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.hub.PreparedPush;
import io.xshathra.engine.hub.Subscriber;
import io.xshathra.engine.presence.MemoryPresenceManager;
import io.xshathra.protocol.ProtocolType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The node registry and the channels survey over an in-process bus; one node alone by default. */
class ClusterTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    /** Every node attached receives every message, in order, on the publishing thread. */
    private static final class LoopbackBus {
        final List<Consumer<byte[]>> receivers = new CopyOnWriteArrayList<>();

        ControlBus attach() {
            return new ControlBus() {
                @Override
                public void setReceiver(Consumer<byte[]> receiver) {
                    receivers.add(receiver);
                }

                @Override
                public CompletionStage<Void> publish(byte[] message) {
                    receivers.forEach(r -> r.accept(message));
                    return CompletableFuture.completedFuture(null);
                }
            };
        }
    }

    private static Node node() {
        return new Node(EngineConfig.defaults("secret", "key"), new MemoryBroker(Clock.systemUTC(), null),
                new MemoryPresenceManager(), Clock.systemUTC(), "test");
    }

    private static Subscriber subscriber() {
        Executor direct = Runnable::run;
        return new Subscriber() {
            @Override
            public Executor executor() {
                return direct;
            }

            @Override
            public ProtocolType protocol() {
                return ProtocolType.JSON;
            }

            @Override
            public void deliver(PreparedPush push) {
            }
        };
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aNodeAloneListsOnlyItselfAndItsChannels() {
        Node n = node();
        n.hub().add("chat:1", subscriber());
        ServerApi api = new ServerApi(n);
        assertThat(api.info().toCompletableFuture().join().result()).extracting(ServerApi.NodeInfo::uid)
                .containsExactly(n.id());
        assertThat(api.channels("").toCompletableFuture().join().result()).isEqualTo(Map.of("chat:1", 1));
    }

    @Test
    void nodesSeeEachOtherAndChannelCountsAddUp() throws Exception {
        LoopbackBus bus = new LoopbackBus();
        Node a = node();
        Node b = node();
        for (Node n : List.of(a, b)) {
            Cluster c = new Cluster(n, bus.attach(), scheduler);
            n.setCluster(c);
            c.start();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (a.cluster().nodes().size() < 2 || b.cluster().nodes().size() < 2) {
            assertThat(System.nanoTime()).as("both nodes announced").isLessThan(deadline);
            Thread.sleep(10);
        }
        assertThat(new ServerApi(a).info().toCompletableFuture().join().result())
                .extracting(ServerApi.NodeInfo::uid).containsExactlyInAnyOrder(a.id(), b.id());
        a.hub().add("chat:1", subscriber());
        b.hub().add("chat:1", subscriber());
        b.hub().add("chat:2", subscriber());
        Map<String, Integer> channels = new ServerApi(a).channels("").toCompletableFuture().join().result();
        assertThat(channels).isEqualTo(Map.of("chat:1", 2, "chat:2", 1));
        assertThat(new ServerApi(b).channels("chat:2").toCompletableFuture().join().result())
                .isEqualTo(Map.of("chat:2", 1));
    }
}
