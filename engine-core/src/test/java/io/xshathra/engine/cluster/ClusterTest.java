package io.xshathra.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.NodeInfo;
import io.xshathra.engine.api.ServerApi;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.emulation.EmulationRouter;
import io.xshathra.engine.hub.DiscardingSubscriber;
import io.xshathra.testkit.Await;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node registry, the channels survey and emulation forwarding over an in-process bus; one
 * node alone by default.
 */
class ClusterTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    /** Every node attached receives every message, in order, on the publishing thread. */
    private static final class LoopbackBus {
        final List<Consumer<byte[]>> receivers = new CopyOnWriteArrayList<>();
        final AtomicInteger published = new AtomicInteger();

        ControlBus attach() {
            return new ControlBus() {
                @Override
                public void setReceiver(Consumer<byte[]> receiver) {
                    receivers.add(receiver);
                }

                @Override
                public CompletionStage<Void> publish(byte[] message) {
                    receivers.forEach(r -> r.accept(message));
                    published.incrementAndGet();
                    return CompletableFuture.completedFuture(null);
                }
            };
        }
    }

    private static Node node() {
        return EngineParts.memory(EngineConfig.defaults("secret", "key"), Clock.systemUTC());
    }

    private Node node(ControlBus bus) {
        return EngineParts.builder(EngineConfig.defaults("secret", "key"), Clock.systemUTC())
                .controlBus(bus, scheduler).build();
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aNodeAloneListsOnlyItselfAndItsChannels() {
        Node n = node();
        n.hub().add("chat:1", new DiscardingSubscriber());
        ServerApi api = n.api();
        assertThat(api.info().toCompletableFuture().join().result()).extracting(NodeInfo::uid)
                .containsExactly(n.id());
        assertThat(api.channels("").toCompletableFuture().join().result()).isEqualTo(Map.of("chat:1", 1));
    }

    @Test
    void nodesSeeEachOtherAndChannelCountsAddUp() throws Exception {
        LoopbackBus bus = new LoopbackBus();
        Node a = node(bus.attach());
        Node b = node(bus.attach());
        for (Node n : List.of(a, b)) {
            n.cluster().start();
        }
        Await.until(Duration.ofSeconds(5), () -> a.cluster().nodes().size() >= 2 && b.cluster().nodes().size() >= 2,
                "both nodes announced");
        assertThat(a.api().info().toCompletableFuture().join().result())
                .extracting(NodeInfo::uid).containsExactlyInAnyOrder(a.id(), b.id());
        a.hub().add("chat:1", new DiscardingSubscriber());
        b.hub().add("chat:1", new DiscardingSubscriber());
        b.hub().add("chat:2", new DiscardingSubscriber());
        Map<String, Integer> channels = a.api().channels("").toCompletableFuture().join().result();
        assertThat(channels).isEqualTo(Map.of("chat:1", 2, "chat:2", 1));
        assertThat(b.api().channels("chat:2").toCompletableFuture().join().result())
                .isEqualTo(Map.of("chat:2", 1));
    }

    private static List<Node> cluster(LoopbackBus bus, ScheduledExecutorService scheduler, int n) {
        List<Node> nodes = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Node node = EngineParts.builder(EngineConfig.defaults("secret", "key"), Clock.systemUTC())
                    .controlBus(bus.attach(), scheduler).build();
            node.cluster().start();
            nodes.add(node);
        }
        return nodes;
    }

    @Test
    void aNodeThatStartsLaterIsKnownAtOnceNotAtTheNextAnnouncement() throws Exception {
        LoopbackBus bus = new LoopbackBus();
        Node a = cluster(bus, scheduler, 1).get(0);
        Await.until(() -> bus.published.get() > 0, "a's own first announcement has gone out");
        Node b = cluster(bus, scheduler, 1).get(0);
        // a's next announcement is due about 2.8 s after b starts
        Await.until(Duration.ofMillis(2000), () -> a.cluster().nodes().size() >= 2 && b.cluster().nodes().size() >= 2,
                "both nodes known well before the next 3 s announcement");
    }

    @Test
    void emulationRequestsForAnotherNodeAreAnsweredByThatNode() throws Exception {
        LoopbackBus bus = new LoopbackBus();
        List<Node> nodes = cluster(bus, scheduler, 2);
        Node a = nodes.get(0);
        Node b = nodes.get(1);
        Await.until(Duration.ofSeconds(5), () -> b.cluster().nodes().size() >= 2, "b knows a");
        EmulationRouter viaB = b.cluster().emulationRouter();
        byte[] frame = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // a answers for its own sessions: it has none by that name
        assertThat(viaB.route(a.id(), "no-such-session", frame).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isEqualTo(EmulationRouter.Outcome.UNKNOWN_SESSION);
        assertThat(viaB.route("no-such-node", "s", frame).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isEqualTo(EmulationRouter.Outcome.UNKNOWN_NODE);
        assertThat(viaB.route(b.id(), "no-such-session", frame).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isEqualTo(EmulationRouter.Outcome.UNKNOWN_SESSION);
    }

    @Test
    void aNodeAloneRoutesEmulationRequestsItself() {
        Node n = node();
        assertThat(n.cluster().emulationRouter()).isSameAs(n.cluster().localSessions());
        assertThat(n.cluster().localSessions().nodeId()).isEqualTo(n.id());
    }
}
