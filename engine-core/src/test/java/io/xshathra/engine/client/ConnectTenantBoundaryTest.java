package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ClientConfig;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.Reply;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connect-time tenant boundaries: {@code client.user_connection_limit} counts one user of one
 * project, and the channels of a connection token's {@code channels}/{@code subs} claims pass
 * the same name rules as a client's subscribe command.
 */
class ConnectTenantBoundaryTest {
    private static final int LIMIT = 2;

    private TestEngine engine;

    @BeforeEach
    void start() {
        engine = new TestEngine(TestEngine.config(TestEngine.namespaces("chat", TestEngine.options(b -> {
        })), ConnectTenantBoundaryTest::limited));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private static ClientConfig limited(ClientConfig c) {
        return new ClientConfig(c.token(), c.subscriptionToken(), c.allowedOrigins(), true,
                c.disallowAnonymousConnectionTokens(), false, java.time.Duration.ZERO, java.time.Duration.ZERO,
                c.expiredCloseDelay(), c.expiredSubCloseDelay(), c.staleCloseDelay(), c.channelLimit(),
                c.queueMaxSize(), c.presenceUpdateInterval(), LIMIT, c.connectionLimit(),
                c.historyMaxPublicationLimit(), c.recoveryMaxPublicationLimit(), c.channelPositionCheckDelay(),
                c.connectIncludeServerTime());
    }

    private static String token(String project, String user, Object... extra) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", user);
        if (!project.isEmpty()) {
            claims.put("projectId", project);
        }
        for (int i = 0; i < extra.length; i += 2) {
            claims.put((String) extra[i], extra[i + 1]);
        }
        return TestEngine.token(claims);
    }

    private TestClient connected(String project, String user) {
        TestClient c = engine.newClient();
        c.connect(token(project, user));
        return c;
    }

    private Reply connectReply(String token) {
        return engine.newClient().call(Command.newBuilder().setConnect(ConnectRequest.newBuilder().setToken(token)));
    }

    @Test
    void theLimitCountsOneUserOfOneProject() {
        for (int i = 0; i < LIMIT; i++) {
            connected("proj_A", "alice");
        }
        TestClient third = engine.newClient();
        third.sendAsync(Command.newBuilder().setConnect(ConnectRequest.newBuilder().setToken(token("proj_A", "alice"))));
        assertThat(third.awaitClose().code()).as("over the limit in project A").isEqualTo(3504);
        // Project B's alice, and the default space's alice, are other users with their own allowance.
        for (int i = 0; i < LIMIT; i++) {
            connected("proj_B", "alice");
            connected("", "alice");
        }
        assertThat(engine.node.userConnectionCount("proj_A", "alice")).isEqualTo(LIMIT);
        assertThat(engine.node.userConnectionCount("proj_B", "alice")).isEqualTo(LIMIT);
        assertThat(engine.node.userConnectionCount("", "alice")).isEqualTo(LIMIT);
        assertThat(engine.node.numUsers()).isEqualTo(3);
    }

    @Test
    void aClosedConnectionFreesItsPlace() {
        TestClient first = connected("proj_A", "bob");
        connected("proj_A", "bob");
        first.session.execute(() -> first.session.disconnect(io.xshathra.protocol.Disconnect.FORCE_NO_RECONNECT));
        first.awaitClose();
        TestClient again = connected("proj_A", "bob");
        assertThat(again.session.state()).isEqualTo(ClientSession.State.CONNECTED);
    }

    @Test
    void anonymousUsersAreNotLimited() {
        for (int i = 0; i < LIMIT + 2; i++) {
            connected("proj_A", "");
        }
        assertThat(engine.node.userConnectionCount("proj_A", "")).isEqualTo(LIMIT + 2);
    }

    @Test
    void aSeparatorInTokenChannelsMakesTheTokenInvalid() {
        for (Object[] claim : List.of(
                new Object[] {"channels", List.of("chat:ok", "\u001Fproj_B\u001Fchat:x")},
                new Object[] {"subs", Map.of("\u001Fproj_B\u001Fchat:x", Map.of())},
                new Object[] {"channels", List.of("chat:" + "x".repeat(300))},
                new Object[] {"channels", List.of("chat:caf\u00e9")})) {
            TestClient c = engine.newClient();
            c.sendAsync(Command.newBuilder().setConnect(ConnectRequest.newBuilder()
                    .setToken(token("proj_A", "mallory", claim))));
            assertThat(c.awaitClose().code()).as("claim %s=%s", claim[0], claim[1]).isEqualTo(3500);
        }
        assertThat(engine.node.numClients()).isZero();
    }

    @Test
    void unknownNamespaceInTokenChannelsIsErrorUnknownChannelAsInTheReference() {
        Reply r = connectReply(token("proj_A", "u", "channels", List.of("nope:x")));
        assertThat(r.getError().getCode()).isEqualTo(102);
    }

    @Test
    void validTokenChannelsAreSubscribedInTheProjectsSpace() {
        Reply r = connectReply(token("proj_A", "u", "channels", List.of("chat:room")));
        assertThat(r.getConnect().getSubsMap()).containsOnlyKeys("chat:room");
        assertThat(engine.node.hub().channelCounts(ch -> true))
                .containsExactly(Map.entry(io.xshathra.engine.channel.ChannelSpace.key("proj_A", "chat:room"), 1));
    }
}
