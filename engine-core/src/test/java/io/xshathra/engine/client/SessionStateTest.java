package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session's own transitions: each checks the state it starts from, and keeps the registry in step. */
class SessionStateTest {
    private TestEngine engine;

    @BeforeEach
    void start() {
        engine = new TestEngine(TestEngine.config(TestEngine.namespaces("chat",
                TestEngine.options(b -> b.permissions = TestEngine.subscribeOnly())), c -> c));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return engine.loop.submit(task).get(5, TimeUnit.SECONDS);
    }

    private static ClientSession.Authentication alice(long expireAt) {
        return new ClientSession.Authentication("alice", "proj_A", false, "{\"a\":1}".getBytes(), List.of("chat:x"),
                expireAt, null);
    }

    @Test
    void authenticatingConnectsAndRegistersOnce() throws Exception {
        TestClient c = engine.newClient();
        ClientSession s = c.session;
        assertThat(onLoop(s::isNew)).isTrue();
        onLoop(() -> {
            s.authenticate(alice(0));
            return null;
        });
        assertThat(onLoop(s::state)).isEqualTo(ClientSession.State.CONNECTED);
        assertThat(s.user()).isEqualTo("alice");
        assertThat(s.projectId()).isEqualTo("proj_A");
        assertThat(onLoop(s::tokenChannels)).containsExactly("chat:x");
        assertThat(engine.node.sessionsOf("proj_A", "alice")).containsExactly(s);
        assertThat(engine.node.metrics().connectionsAccepted()).isEqualTo(1);
        assertThatThrownBy(() -> onLoop(() -> {
            s.authenticate(alice(0));
            return null;
        })).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(engine.node.numClients()).isEqualTo(1);
    }

    @Test
    void undoingAConnectLeavesTheRegistryAndAllowsAnotherConnect() throws Exception {
        ClientSession s = engine.newClient().session;
        onLoop(() -> {
            s.authenticate(alice(0));
            s.undoConnect();
            return null;
        });
        assertThat(onLoop(s::isNew)).isTrue();
        assertThat(engine.node.numClients()).isZero();
        assertThat(engine.node.sessionsOf("proj_A", "alice")).isEmpty();
        assertThatThrownBy(() -> onLoop(() -> {
            s.undoConnect();
            return null;
        })).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void refreshingNeedsAConnectionAndKeepsInfoWhenNoneIsGiven() throws Exception {
        ClientSession s = engine.newClient().session;
        assertThatThrownBy(() -> onLoop(() -> {
            s.refreshCredentials(10, null);
            return null;
        })).hasCauseInstanceOf(IllegalStateException.class);
        long later = engine.node.clock().millis() / 1000 + 3600;
        onLoop(() -> {
            s.authenticate(alice(later));
            s.refreshCredentials(later + 60, null);
            return null;
        });
        assertThat(onLoop(s::expireAt)).isEqualTo(later + 60);
        assertThat(new String(onLoop(s::connInfo))).isEqualTo("{\"a\":1}");
        onLoop(() -> {
            s.refreshCredentials(0, "{\"b\":2}".getBytes());
            return null;
        });
        assertThat(onLoop(s::expireAt)).isZero();
        assertThat(new String(onLoop(s::connInfo))).isEqualTo("{\"b\":2}");
    }

    @Test
    void aClosedSessionHasNoConnectToUndo() throws Exception {
        TestClient c = engine.connected("bob");
        ClientSession s = c.session;
        onLoop(() -> {
            s.disconnect(io.xshathra.protocol.Disconnect.FORCE_NO_RECONNECT);
            s.undoConnect();
            return null;
        });
        assertThat(onLoop(s::state)).isEqualTo(ClientSession.State.CLOSED);
        assertThat(engine.node.numClients()).isZero();
    }

    @Test
    void subscriptionsComeAndGoThroughTheSession() throws Exception {
        TestClient c = engine.connected("bob");
        assertThat(c.subscribe("chat:1").hasSubscribe()).isTrue();
        ClientSession s = c.session;
        assertThat(onLoop(() -> s.subscribed("chat:1"))).isTrue();
        assertThat(onLoop(s::subscriptionCount)).isEqualTo(1);
        assertThat(onLoop(() -> s.subscription("chat:1").channel)).isEqualTo("chat:1");
        assertThat(onLoop(() -> s.removeSubscription("chat:1"))).isNotNull();
        assertThat(onLoop(() -> s.subscribed("chat:1"))).isFalse();
        assertThat(onLoop(() -> s.removeSubscription("chat:1"))).isNull();
        assertThat(engine.node.projectStats("").connections()).isEqualTo(1);
        assertThat(engine.node.projectStats("").users()).isEqualTo(1);
    }
}
