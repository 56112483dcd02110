package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.engine.project.RecordingTenantEvents;
import io.xshathra.engine.project.TenantEvent;
import io.xshathra.engine.project.TenantEvent.Kind;
import io.xshathra.redis.EmbeddedRedis;
import io.xshathra.testkit.Await;
import io.xshathra.testkit.WsClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenant events from two nodes sharing one Redis and one PostgreSQL, driven by real WebSocket
 * clients of a project: one {@code channel_occupied} and one {@code channel_vacated} for the
 * whole cluster, members of a presence namespace on both nodes, client publications with their
 * data, and nothing for the default space. Each node hands its events to its own recorder,
 * plugged in where the control plane's webhook outbox goes.
 */
class TenantEventsIT {
    private static final RecordingTenantEvents ON_A = new RecordingTenantEvents();
    private static final RecordingTenantEvents ON_B = new RecordingTenantEvents();
    private static EmbeddedRedis redis;
    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();
    private static ServerFixture a;
    private static ServerFixture b;
    private static String project;

    @BeforeAll
    static void start() throws IOException {
        redis = EmbeddedRedis.start();
        a = node(ON_A);
        b = node(ON_B);
        ControlPlaneStore store = a.launcher().store();
        String owner = store.accounts().createUser("events@example.com", "a-long-password-1")
                .toCompletableFuture().join().id();
        CreatedProject p = store.projects().create(owner, "events").toCompletableFuture().join();
        project = p.project().id();
        ON_A.want(project);
        ON_B.want(project);
        ON_A.want("");
        ON_B.want("");
    }

    private static ServerFixture node(RecordingTenantEvents events) {
        return RedisNodes.node(redis, "events").databaseUrl(POSTGRES.url())
                .tenantEvents(events).start();
    }

    @AfterAll
    static void stop() throws IOException {
        ServerFixture.closeAll(a, b);
        if (redis != null) {
            redis.close();
        }
    }

    private static List<TenantEvent> all(Kind kind, String channel) {
        return Stream.concat(ON_A.events(kind).stream(), ON_B.events(kind).stream())
                .filter(e -> e.channel().equals(channel)).toList();
    }

    private static WsClient inProject(ServerFixture node, String user) {
        return MultiNodeIT.connect(node, ServerFixture.token(Map.of("sub", user, "projectId", project)));
    }

    @Test
    void oneOccupiedAndOneVacatedForTheClusterWithMembersAndPublications() {
        String ch = "chat:lobby";
        WsClient alice = inProject(a, "alice");
        WsClient bob = inProject(b, "bob");
        MultiNodeIT.subscribe(alice, 2, ch, "");
        Await.until(() -> all(Kind.CHANNEL_OCCUPIED, ch).size() == 1, "the channel is occupied");
        assertThat(ON_A.events(Kind.CHANNEL_OCCUPIED)).as("reported by the node of the first subscriber").hasSize(1);
        MultiNodeIT.subscribe(bob, 2, ch, "");
        Await.until(() -> all(Kind.MEMBER_ADDED, ch).size() == 2, "both clients are members");
        assertThat(all(Kind.MEMBER_ADDED, ch)).extracting(TenantEvent::user).containsExactlyInAnyOrder("alice", "bob");

        alice.send("{\"id\":3,\"publish\":{\"channel\":\"chat:lobby\",\"data\":{\"text\":\"hello\"}}}");
        assertThat(alice.nextLineContaining("\"id\":3,")).contains("\"publish\":{}");
        Await.until(() -> all(Kind.CLIENT_PUBLICATION, ch).size() == 1, "the client publication");
        TenantEvent pub = all(Kind.CLIENT_PUBLICATION, ch).get(0);
        assertThat(pub.user()).isEqualTo("alice");
        assertThat(pub.projectId()).isEqualTo(project);
        assertThat(new String(pub.data(), StandardCharsets.UTF_8)).isEqualTo("{\"text\":\"hello\"}");

        alice.close();
        Await.until(() -> all(Kind.MEMBER_REMOVED, ch).size() == 1, "alice's disconnect removes her");
        assertThat(all(Kind.CHANNEL_VACATED, ch)).as("bob is still there").isEmpty();
        bob.close();
        // Which node reports it depends on whose removal reaches Redis last (alice's may still be
        // on its way when bob leaves): exactly one of them does.
        Await.until(() -> all(Kind.CHANNEL_VACATED, ch).size() == 1, "the last one anywhere left");
        Await.quietFor(Duration.ofMillis(500), () -> all(Kind.CHANNEL_OCCUPIED, ch).size() != 1
                || all(Kind.CHANNEL_VACATED, ch).size() != 1, "no second occupied or vacated");
    }

    @Test
    void theDefaultSpaceProducesNothing() {
        String ch = "chat:plain";
        try (WsClient c = MultiNodeIT.connect(a, ServerFixture.token("carol"))) {
            MultiNodeIT.subscribe(c, 2, ch, "");
            c.send("{\"id\":3,\"publish\":{\"channel\":\"chat:plain\",\"data\":{}}}");
            assertThat(c.nextLineContaining("\"id\":3,")).contains("\"publish\":{}");
        }
        Await.quietFor(Duration.ofMillis(500), () -> Stream.of(Kind.values())
                .anyMatch(k -> !all(k, ch).isEmpty()), "no events for the default space");
    }
}
