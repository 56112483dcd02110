package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.api.ServerApi;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.PresenceStatsRequest;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every project owns its channel space: the same channel name in two projects (and in the
 * default space) are different channels, for deliveries, history, presence, subscription tokens
 * and the server API.
 */
class TenantIsolationTest {
    private static final ChannelOptions CHAT = TestEngine.options(b -> {
        b.historySize = 10;
        b.historyTtl = Duration.ofSeconds(60);
        b.forceRecovery = true;
        b.presence = true;
        b.permissions = new ChannelOptions.Permissions(true, false, false, true, false, false, true, false,
                false, true, false);
    });

    private TestEngine engine;
    private ServerApi api;

    @BeforeEach
    void start() {
        start(ProjectAuthority.NONE);
    }

    /** A fresh engine whose control plane answers with {@code projects}. */
    private void start(ProjectAuthority projects) {
        if (engine != null) {
            engine.close();
        }
        engine = new TestEngine(TestEngine.config(TestEngine.namespaces("chat", CHAT, "priv", TestEngine.options(b -> {
        }), "open", TestEngine.options(b -> b.permissions = new ChannelOptions.Permissions(true, true, true, true, true,
                false, false, false, false, false, false))), c -> c),
                new io.xshathra.engine.broker.MemoryBroker(java.time.Clock.systemUTC(), null), projects);
        api = engine.node.api();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private TestClient connectedIn(String project, String user) {
        TestClient c = engine.newClient();
        c.connect(TestEngine.token(project.isEmpty() ? Map.of("sub", user) : Map.of("sub", user, "projectId", project)));
        return c;
    }

    private static String data(Push p) {
        return p.getPub().getData().toStringUtf8();
    }

    private static ApiRequests.Publish publish(String channel, String json) {
        return new ApiRequests.Publish(channel, json.getBytes(StandardCharsets.UTF_8), false, Map.of(), "");
    }

    @Test
    void publicationsStayInTheirProject() {
        TestClient a = connectedIn("proj_A", "u1");
        TestClient b = connectedIn("proj_B", "u1");
        TestClient plain = connectedIn("", "u1");
        for (TestClient c : new TestClient[] {a, b, plain}) {
            assertThat(c.subscribe("chat:lobby").hasSubscribe()).isTrue();
        }
        api.inProject("proj_A").publish(publish("chat:lobby", "{\"to\":\"A\"}")).toCompletableFuture().join();
        api.inProject("proj_B").publish(publish("chat:lobby", "{\"to\":\"B\"}")).toCompletableFuture().join();
        api.publish(publish("chat:lobby", "{\"to\":\"default\"}")).toCompletableFuture().join();

        Push pa = a.push();
        assertThat(pa.getChannel()).isEqualTo("chat:lobby");
        assertThat(data(pa)).isEqualTo("{\"to\":\"A\"}");
        assertThat(data(b.push())).isEqualTo("{\"to\":\"B\"}");
        assertThat(data(plain.push())).isEqualTo("{\"to\":\"default\"}");
        assertThat(a.remainingPushes()).isEmpty();
        assertThat(b.remainingPushes()).isEmpty();
        assertThat(plain.remainingPushes()).isEmpty();
    }

    @Test
    void clientPublishHistoryAndPresenceAreScoped() {
        TestClient a = connectedIn("proj_A", "u1");
        TestClient b = connectedIn("proj_B", "u2");
        assertThat(a.subscribe("chat:room").getSubscribe().getOffset()).isZero();
        assertThat(b.subscribe("chat:room").getSubscribe().getOffset()).isZero();
        Reply r = a.call(Command.newBuilder().setPublish(PublishRequest.newBuilder().setChannel("chat:room")
                .setData(com.google.protobuf.ByteString.copyFromUtf8("{\"m\":1}"))));
        assertThat(r.hasPublish()).isTrue();
        assertThat(a.push().getPub().getOffset()).isEqualTo(1);
        assertThat(b.remainingPushes()).isEmpty();
        Reply stats = b.call(Command.newBuilder().setPresenceStats(PresenceStatsRequest.newBuilder().setChannel("chat:room")));
        assertThat(stats.getPresenceStats().getNumClients()).isEqualTo(1);
        assertThat(api.inProject("proj_A").history(new ApiRequests.History("chat:room", -1, null, false))
                .toCompletableFuture().join().result().publications()).hasSize(1);
        assertThat(api.inProject("proj_B").history(new ApiRequests.History("chat:room", -1, null, false))
                .toCompletableFuture().join().result().publications()).isEmpty();
        assertThat(api.history(new ApiRequests.History("chat:room", -1, null, false))
                .toCompletableFuture().join().result().publications()).isEmpty();
    }

    @Test
    void subscriptionTokenOfAnotherProjectIsRefused() {
        TestClient b = connectedIn("proj_B", "u1");
        String tokenOfA = TestEngine.token(Map.of("sub", "u1", "channel", "priv:x", "projectId", "proj_A"));
        b.sendAsync(Command.newBuilder().setSubscribe(SubscribeRequest.newBuilder().setChannel("priv:x").setToken(tokenOfA)));
        assertThat(b.awaitClose().code()).isEqualTo(3500);
        TestClient a = connectedIn("proj_A", "u1");
        assertThat(a.subscribe(SubscribeRequest.newBuilder().setChannel("priv:x").setToken(tokenOfA)).hasSubscribe())
                .isTrue();
    }

    @Test
    void apiTargetsAndChannelsAreScoped() {
        TestClient a = connectedIn("proj_A", "same-user");
        TestClient b = connectedIn("proj_B", "same-user");
        a.subscribe("chat:one");
        b.subscribe("chat:two");
        assertThat(api.inProject("proj_A").channels("").toCompletableFuture().join().result()).containsOnlyKeys("chat:one");
        assertThat(api.inProject("proj_B").channels("").toCompletableFuture().join().result()).containsOnlyKeys("chat:two");
        assertThat(api.channels("").toCompletableFuture().join().result()).isEmpty();
        api.inProject("proj_B").disconnect(new ApiRequests.Disconnect(new ApiRequests.Target("same-user", "", ""),
                java.util.List.of(), 0, "")).toCompletableFuture().join();
        assertThat(b.awaitClose().code()).isEqualTo(3503);
        assertThat(a.remainingPushes()).isEmpty();
        assertThat(engine.node.numClients()).as("only project B's connection was closed").isEqualTo(1);
        assertThat(engine.node.sessionsOf("proj_B", "same-user")).isEmpty();
        assertThat(engine.node.sessionsOf("proj_A", "same-user")).singleElement()
                .satisfies(s -> assertThat(s.projectId()).isEqualTo("proj_A"));
    }

    @Test
    void clientApiKeyGivesAnAnonymousReadOnlyConnectionInTheProject() {
        start(authority(key -> java.util.concurrent.CompletableFuture.completedFuture(
                "xs_pk_A".equals(key) ? java.util.Optional.of("proj_A") : java.util.Optional.empty()), Set.of("proj_A")));
        TestClient viewer = engine.newClient();
        Reply connected = viewer.call(Command.newBuilder().setConnect(io.xshathra.protocol.proto.ConnectRequest.newBuilder()
                .setData(com.google.protobuf.ByteString.copyFromUtf8("{\"clientApiKey\":\"xs_pk_A\"}"))));
        assertThat(connected.hasConnect()).isTrue();
        assertThat(viewer.subscribe("open:feed").hasSubscribe()).as("namespace allows anonymous subscribe").isTrue();
        assertThat(viewer.subscribe("chat:lobby").getError().getCode()).as("chat needs a user").isEqualTo(103);
        Reply pub = viewer.call(Command.newBuilder().setPublish(PublishRequest.newBuilder().setChannel("open:feed")
                .setData(com.google.protobuf.ByteString.copyFromUtf8("{}"))));
        assertThat(pub.getError().getCode()).as("a client key never publishes").isEqualTo(103);
        api.inProject("proj_A").publish(publish("open:feed", "{\"n\":1}")).toCompletableFuture().join();
        api.inProject("proj_B").publish(publish("open:feed", "{\"n\":2}")).toCompletableFuture().join();
        assertThat(data(viewer.push())).isEqualTo("{\"n\":1}");
        assertThat(viewer.remainingPushes()).isEmpty();

        TestClient stranger = engine.newClient();
        stranger.sendAsync(Command.newBuilder().setConnect(io.xshathra.protocol.proto.ConnectRequest.newBuilder()
                .setData(com.google.protobuf.ByteString.copyFromUtf8("{\"clientApiKey\":\"xs_pk_unknown\"}"))));
        assertThat(stranger.awaitClose().code()).isEqualTo(3500);
    }

    /** Client keys by a function; active projects from a set. */
    private static ProjectAuthority authority(
            java.util.function.Function<String, CompletionStage<java.util.Optional<String>>> keys, Set<String> active) {
        return new ProjectAuthority() {
            @Override
            public CompletionStage<java.util.Optional<String>> projectOf(String clientApiKey) {
                return keys.apply(clientApiKey);
            }

            @Override
            public CompletionStage<Boolean> isActive(String projectId) {
                return java.util.concurrent.CompletableFuture.completedFuture(active.contains(projectId));
            }
        };
    }

    @Test
    void tokensOfADeletedProjectAreRefusedAndItsConnectionsClosed() {
        start(authority(k -> java.util.concurrent.CompletableFuture.completedFuture(
                java.util.Optional.empty()), Set.of("proj_A")));
        TestClient a = connectedIn("proj_A", "u1");
        TestClient gone = engine.newClient();
        gone.sendAsync(Command.newBuilder().setConnect(io.xshathra.protocol.proto.ConnectRequest.newBuilder()
                .setToken(TestEngine.token(Map.of("sub", "u1", "projectId", "proj_deleted")))));
        assertThat(gone.awaitClose().code()).isEqualTo(3500);
        engine.node.disconnectProject("proj_A", io.xshathra.protocol.Disconnect.FORCE_NO_RECONNECT);
        assertThat(a.awaitClose().code()).isEqualTo(3503);
    }

    @Test
    void spaceSeparatorIsNeverAValidChannelName() {
        TestClient c = connectedIn("", "u1");
        Reply r = c.subscribe("chat:\u001Fproj_A\u001Fchat:lobby");
        assertThat(r.getError().getCode()).isEqualTo(107);
        assertThat(api.publish(publish("\u001Fproj_A\u001Fchat:lobby", "{}")).toCompletableFuture().join().error().code())
                .isEqualTo(107);
    }
}
