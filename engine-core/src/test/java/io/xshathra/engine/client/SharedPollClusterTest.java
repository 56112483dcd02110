package io.xshathra.engine.client;

import static io.xshathra.engine.client.TestEngine.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.api.ApiResult;
import io.xshathra.engine.cluster.ControlBus;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.config.SharedPollConfig;
import io.xshathra.engine.config.SharedPollOptions;
import io.xshathra.engine.config.SubscriptionType;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.KeyedItem;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.SubRefreshRequest;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.TrackBatch;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** shared_poll_publish on one node reaches the connections tracking the key on another. */
class SharedPollClusterTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private final List<Consumer<byte[]>> receivers = new CopyOnWriteArrayList<>();
    private final List<Node> nodes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(n -> n.context().sharedPolls().close());
        scheduler.shutdownNow();
        loop.shutdownNow();
    }

    private Node node(EngineConfig config) {
        ControlBus bus = new ControlBus() {
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
        Node n = EngineParts.builder(config, Clock.systemUTC()).controlBus(bus, scheduler).build();
        n.cluster().start();
        nodes.add(n);
        return n;
    }

    @Test
    void aPublishThroughAnyNodeReachesTheTrackers() throws Exception {
        EngineConfig config = TestEngine.config(TestEngine.namespaces("pub", options(b -> {
            b.permissions = TestEngine.subscribeOnly();
            b.subscriptionType = SubscriptionType.SHARED_POLL;
            b.sharedPoll = new SharedPollOptions(SharedPollOptions.Mode.VERSIONED, "default", Duration.ofSeconds(30),
                    100, 10, Duration.ZERO, Duration.ZERO, true);
        })), c -> TestEngine.client(c, false, false, 300)).withSharedPoll(new SharedPollConfig("poll-secret", "", 0, 0));
        Node a = node(config);
        Node b = node(config);
        TestClient onA = new TestClient(a, loop);
        onA.connect(TestEngine.token("u"));
        assertThat(onA.subscribe(SubscribeRequest.newBuilder().setChannel("pub:x").setType(4)).hasError()).isFalse();
        assertThat(onA.call(Command.newBuilder().setSubRefresh(SubRefreshRequest.newBuilder().setChannel("pub:x")
                .setType(1).addTrack(TrackBatch.newBuilder().setSignature(SharedPollSubscribeTest.sign("u", "pub:x", 0,
                        "k")).addItems(KeyedItem.newBuilder().setKey("k").setVersion(3))))).hasError()).isFalse();
        onA.barrier(); // the connection joins the key's fan-out right after its reply is written
        ApiResult r = new ApiExecutor(b.api()).execute(new ApiRequests.SharedPollPublish("pub:x", "k",
                "{\"from\":\"b\"}".getBytes(StandardCharsets.UTF_8), 4, "")).toCompletableFuture().join();
        assertThat(r).isInstanceOf(ApiResult.Empty.class);
        Push p = onA.push();
        assertThat(p.getPub().getKey()).isEqualTo("k");
        assertThat(p.getPub().getVersion()).isEqualTo(4);
        assertThat(p.getPub().getData().toStringUtf8()).isEqualTo("{\"from\":\"b\"}");
    }
}
