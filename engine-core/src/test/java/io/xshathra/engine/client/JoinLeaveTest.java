package io.xshathra.engine.client;

import static io.xshathra.engine.client.TestEngine.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ChannelOptions.Permissions;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.UnsubscribeRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Join/leave delivery (spec 8): the hub hands every event to every subscriber; each session
 * pushes it only when join/leave push is enabled for its subscription.
 */
class JoinLeaveTest {
    private static final Permissions SUBSCRIBE_AND_PRESENCE = new Permissions(true, false, false, false, false,
            true, false, false, false, false, false);

    private TestEngine engine;

    @BeforeEach
    void start() {
        engine = new TestEngine(TestEngine.config(TestEngine.namespaces(
                "forced", options(b -> {
                    b.joinLeave = true;
                    b.forcePushJoinLeave = true;
                    b.permissions = TestEngine.subscribeOnly();
                }),
                "asked", options(b -> {
                    b.joinLeave = true;
                    b.permissions = SUBSCRIBE_AND_PRESENCE;
                }),
                "noPresence", options(b -> {
                    b.joinLeave = true;
                    b.permissions = TestEngine.subscribeOnly();
                }),
                "off", options(b -> b.permissions = SUBSCRIBE_AND_PRESENCE)),
                c -> TestEngine.client(c, false, false, 300)));
    }

    @AfterEach
    void stop() {
        String violation = engine.violations();
        engine.close();
        assertThat(violation).as("transport contract").isNull();
    }

    private static SubscribeRequest.Builder asking(String channel) {
        return SubscribeRequest.newBuilder().setChannel(channel).setJoinLeave(true);
    }

    @Test
    void forcedPushDeliversJoinsIncludingOwnAndLeaves() {
        TestClient a = engine.connected("1");
        a.subscribe("forced:x");
        Push own = a.push();
        assertThat(own.getChannel()).isEqualTo("forced:x");
        assertThat(own.getJoin().getInfo().getClient()).isEqualTo(a.session.id());

        TestClient b = engine.connected("2");
        b.subscribe("forced:x");
        assertThat(a.push().getJoin().getInfo().getUser()).isEqualTo("2");
        assertThat(b.push().getJoin().getInfo().getUser()).isEqualTo("2");

        b.call(Command.newBuilder().setUnsubscribe(UnsubscribeRequest.newBuilder().setChannel("forced:x")));
        Push leave = a.push();
        assertThat(leave.getLeave().getInfo().getClient()).isEqualTo(b.session.id());
        assertThat(b.remainingPushes()).as("the leaving client is gone before its leave").isEmpty();
    }

    @Test
    void disconnectPublishesALeave() {
        TestClient a = engine.connected("1");
        a.subscribe("forced:x");
        a.push();
        TestClient b = engine.connected("2");
        b.subscribe("forced:x");
        a.push();
        b.transport.loop.execute(() -> b.session.disconnect(io.xshathra.protocol.Disconnect.FORCE_NO_RECONNECT));
        assertThat(a.push().getLeave().getInfo().getUser()).isEqualTo("2");
    }

    @Test
    void askingWithPresencePermissionGetsPushes() {
        TestClient a = engine.connected("1");
        a.subscribe(asking("asked:x"));
        assertThat(a.push().getJoin().getInfo().getUser()).isEqualTo("1");
        TestClient quiet = engine.connected("3");
        quiet.subscribe("asked:x");
        assertThat(a.push().getJoin().getInfo().getUser()).isEqualTo("3");
        assertThat(quiet.remainingPushes()).as("did not ask").isEmpty();
    }

    @Test
    void askingWithoutPresencePermissionGetsNothing() {
        TestClient a = engine.connected("1");
        a.subscribe(asking("noPresence:x"));
        TestClient b = engine.connected("2");
        b.subscribe(asking("noPresence:x"));
        assertThat(a.remainingPushes()).isEmpty();
        assertThat(b.remainingPushes()).isEmpty();
    }

    @Test
    void namespaceWithoutJoinLeavePublishesNothing() {
        TestClient a = engine.connected("1");
        a.subscribe(asking("off:x"));
        TestClient b = engine.connected("2");
        b.subscribe(asking("off:x"));
        b.call(Command.newBuilder().setUnsubscribe(UnsubscribeRequest.newBuilder().setChannel("off:x")));
        List<Push> pushes = a.remainingPushes();
        assertThat(pushes).isEmpty();
    }
}
