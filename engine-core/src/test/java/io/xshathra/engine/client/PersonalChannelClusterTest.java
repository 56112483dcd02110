package io.xshathra.engine.client;

import static io.xshathra.engine.client.TestEngine.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.cluster.ControlBus;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.config.PersonalChannel;
import io.xshathra.engine.presence.MemoryPresenceManager;
import io.xshathra.protocol.Disconnect;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** single_connection across nodes: presence is shared, and the older connection on another node is closed. */
class PersonalChannelClusterTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private final List<Consumer<byte[]>> receivers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        loop.shutdownNow();
    }

    private ControlBus bus() {
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

    private Node node(EngineConfig config, MemoryPresenceManager presence) {
        Node n = EngineParts.builder(config, Clock.systemUTC()).presence(presence).controlBus(bus(), scheduler).build();
        n.cluster().start();
        return n;
    }

    @Test
    void aNewConnectionOnOneNodeClosesTheOlderOneOnAnother() {
        EngineConfig config = TestEngine.config(TestEngine.namespaces("personal", options(b -> b.presence = true)),
                c -> TestEngine.client(c, false, false, 300)
                        .withPersonalChannel(new PersonalChannel(true, "personal", true)));
        MemoryPresenceManager presence = new MemoryPresenceManager();
        Node a = node(config, presence);
        Node b = node(config, presence);
        TestClient onA = new TestClient(a, loop);
        onA.connect(TestEngine.token("9"));
        TestClient otherOnA = new TestClient(a, loop);
        otherOnA.connect(TestEngine.token("10"));
        TestClient onB = new TestClient(b, loop);
        assertThat(onB.connect(TestEngine.token("9")).getConnect().getSubsMap()).containsKey("personal:#9");
        assertThat(onA.awaitClose()).isEqualTo(Disconnect.CONNECTION_LIMIT);
        otherOnA.barrier();
        assertThat(otherOnA.transport.closed).isNotDone();
    }
}
