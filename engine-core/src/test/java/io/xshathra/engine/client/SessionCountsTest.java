package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.protocol.Disconnect;
import io.xshathra.testkit.Await;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-space counts {@link SessionRegistry} keeps as sessions come and go: connections and
 * distinct users of each project and of the default space, which the limiter, the usage recorder
 * and the console read without walking the sessions.
 */
class SessionCountsTest {
    private TestEngine engine;

    @BeforeEach
    void start() {
        engine = new TestEngine(TestEngine.config(TestEngine.namespaces("chat", TestEngine.options(b -> {
        })), c -> c));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private TestClient connected(String project, String user) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", user);
        if (!project.isEmpty()) {
            claims.put("projectId", project);
        }
        TestClient c = engine.newClient();
        c.connect(TestEngine.token(claims));
        return c;
    }

    private static void close(TestClient c) {
        c.session.execute(() -> c.session.disconnect(Disconnect.FORCE_NO_RECONNECT));
        c.awaitClose();
    }

    @Test
    void connectionsAndUsersAreCountedPerSpaceAsSessionsComeAndGo() {
        TestClient bob1 = connected("proj_A", "bob");
        TestClient bob2 = connected("proj_A", "bob");
        TestClient alice = connected("proj_A", "alice");
        TestClient other = connected("proj_B", "bob");
        TestClient plain = connected("", "bob");
        SessionRegistry registry = engine.node.sessions();

        assertThat(registry.projectCounts("proj_A")).isEqualTo(new SessionRegistry.ProjectCounts(3, 2));
        assertThat(registry.projectCounts("proj_B")).isEqualTo(new SessionRegistry.ProjectCounts(1, 1));
        assertThat(registry.projectCounts("")).isEqualTo(new SessionRegistry.ProjectCounts(1, 1));
        assertThat(registry.projectConnectionCounts()).as("the default space is not a project")
                .isEqualTo(Map.of("proj_A", 3, "proj_B", 1));
        assertThat(registry.connectedProjects()).containsExactlyInAnyOrder("proj_A", "proj_B");
        assertThat(registry.projectConnections("proj_A")).isEqualTo(3);
        assertThat(registry.projectConnections("")).isZero();

        close(bob1);
        Await.until(() -> registry.projectCounts("proj_A").equals(new SessionRegistry.ProjectCounts(2, 2)),
                "bob's first connection uncounted, bob still connected once");
        close(bob2);
        close(alice);
        close(other);
        close(plain);
        SessionRegistry.ProjectCounts none = new SessionRegistry.ProjectCounts(0, 0);
        Await.until(() -> registry.projectConnectionCounts().isEmpty() && registry.projectCounts("").equals(none),
                "every session uncounted");
        assertThat(registry.projectCounts("proj_A")).isEqualTo(none);
        assertThat(registry.connectedProjects()).isEmpty();
    }
}
