package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.limits.LimitOverrides;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.redis.EmbeddedRedis;
import io.xshathra.server.ServerLauncher;
import io.xshathra.server.cli.Cli;
import io.xshathra.testkit.Await;
import io.xshathra.testkit.WsClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Per-project limits on the real server with real clients: a project over its connection limit
 * is refused with 3504 and a reason naming the limit while another project connects freely; a
 * change made with the CLI while the server runs applies within two seconds; publications over
 * the project's rate or size are refused on the tenant API (429, 413) and from clients (errors
 * 111 and 106); and two nodes sharing Redis and PostgreSQL count the project's connections
 * together.
 */
class ProjectLimitsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOM = "chat:room";
    private static ServerFixture server;
    private static CreatedProject p;
    private static CreatedProject q;
    private static String pToken;
    private static String qToken;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = ServerFixture.start();
        CreatedProject[] pq = projects(server.launcher().store(), "owner@example.com");
        p = pq[0];
        q = pq[1];
        pToken = TokenMinterIT.mint(server, "token", p, "{\"userId\":\"alice\"}");
        qToken = TokenMinterIT.mint(server, "token", q, "{\"userId\":\"bob\"}");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void noLimits() {
        server.launcher().store().limits().reset(p.project().id()).toCompletableFuture().join();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
        clients.clear();
    }

    private static CreatedProject[] projects(ControlPlaneStore store, String email) {
        String owner = store.accounts().createUser(email, "a-long-password-1").toCompletableFuture().join().id();
        return new CreatedProject[] {
            store.projects().create(owner, "p").toCompletableFuture().join(),
            store.projects().create(owner, "q").toCompletableFuture().join()};
    }

    private static void limit(ControlPlaneStore store, String projectId, LimitOverrides o) {
        store.limits().set(projectId, o).toCompletableFuture().join();
    }

    /** Opens a connection with a token; its connect reply, or null when the server closed it instead. */
    private WsClient open(ServerFixture node, String token) {
        WsClient c = WsClient.open(node.wsUrl());
        clients.add(c);
        c.send("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}");
        return c;
    }

    private WsClient connected(ServerFixture node, String token) {
        WsClient c = open(node, token);
        assertThat(c.nextLine()).startsWith("{\"id\":1,\"connect\":");
        return c;
    }

    /** Whether a connect is refused for the project's connection limit (a connection that got in is closed again). */
    private boolean refused(ServerFixture node, String token) {
        WsClient c = open(node, token);
        Await.until(() -> c.closed.isDone() || !c.texts.isEmpty(), "an answer to the connect");
        if (!c.texts.isEmpty()) {
            assertThat(c.nextLine()).startsWith("{\"id\":1,\"connect\":");
            c.close();
            clients.remove(c);
            return false;
        }
        return c.closeReason().startsWith("3504 project connection limit reached");
    }

    @Test
    void connectionsOverTheLimitAreRefusedWhileAnotherProjectIsUnaffected() {
        limit(server.launcher().store(), p.project().id(), new LimitOverrides(2, null, null));
        WsClient first = connected(server, pToken);
        connected(server, pToken);
        WsClient third = open(server, pToken);
        assertThat(third.closeReason()).isEqualTo("3504 project connection limit reached (2)");
        for (int i = 0; i < 4; i++) {
            connected(server, qToken);
        }
        first.close();
        Await.until(() -> !refused(server, pToken), "a connection of p once one of its two left");
    }

    @Test
    void aCliChangeWhileTheServerRunsAppliesWithinTwoSeconds() {
        connected(server, pToken);
        String id = p.project().id();
        assertThat(cli("project", "limits", "set", id, "--max-connections", "1", "--json"))
                .contains("\"max_connections\":1").contains("\"overrides\":{\"max_connections\":1}");
        Await.until(Duration.ofSeconds(2), () -> refused(server, pToken), "the CLI's limit applied");
        assertThat(cli("project", "limits", "reset", id)).contains("max_connections").contains("no limit");
        Await.until(Duration.ofSeconds(2), () -> !refused(server, pToken), "the CLI's reset applied");
    }

    @Test
    void publicationsOverTheRateAreRefusedOnTheApiAndFromClients() throws IOException {
        limit(server.launcher().store(), p.project().id(), new LimitOverrides(null, 2, null));
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(TokenMinterIT.post(server, "publish", p, "{\"channel\":\"" + ROOM + "\",\"data\":{}}"));
        }
        assertThat(answers.get(0).statusCode()).as(answers.get(0).body()).isEqualTo(200);
        HttpResponse<String> limited = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        JsonNode error = JSON.readTree(limited.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("publication_rate_limited");
        assertThat(error.path("message").asText()).contains("max_publications_per_second").contains("2");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(TokenMinterIT.post(server, "publish", q, "{\"channel\":\"" + ROOM + "\",\"data\":{}}").statusCode())
                .as("another project").isEqualTo(200);

        WsClient c = connected(server, pToken);
        c.send("{\"id\":2,\"subscribe\":{\"channel\":\"" + ROOM + "\"}}");
        assertThat(c.nextLineContaining("\"id\":2")).contains("\"subscribe\"");
        String refusal = null;
        for (int i = 3; i < 40 && refusal == null; i++) {
            c.send("{\"id\":" + i + ",\"publish\":{\"channel\":\"" + ROOM + "\",\"data\":{}}}");
            String reply = c.nextLineContaining("\"id\":" + i + ",");
            refusal = reply.contains("\"error\"") ? reply : null;
        }
        assertThat(refusal).as("a client publish over the rate").isNotNull();
        JsonNode e = JSON.readTree(refusal).path("error");
        assertThat(e.path("code").asInt()).isEqualTo(111);
        assertThat(e.path("message").asText()).isEqualTo("project publication rate limit reached (2 per second)");
        assertThat(e.path("temporary").asBoolean()).isTrue();
    }

    @Test
    void publicationsOverTheMessageSizeAreRefusedOnTheApiAndFromClients() throws IOException {
        limit(server.launcher().store(), p.project().id(), new LimitOverrides(null, null, 16));
        String big = "{\"text\":\"" + "x".repeat(40) + "\"}";
        assertThat(TokenMinterIT.post(server, "publish", p, "{\"channel\":\"" + ROOM + "\",\"data\":{\"a\":1}}")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> r = TokenMinterIT.post(server, "publish", p, "{\"channel\":\"" + ROOM + "\",\"data\":" + big + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("message_too_large");
        assertThat(error.path("message").asText()).contains("max_message_size").contains("16 bytes");
        r = TokenMinterIT.post(server, "broadcast", p, "{\"channels\":[\"" + ROOM + "\"],\"data\":" + big + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(TokenMinterIT.post(server, "publish", q, "{\"channel\":\"" + ROOM + "\",\"data\":" + big + "}")
                .statusCode()).as("another project").isEqualTo(200);

        WsClient c = connected(server, pToken);
        c.send("{\"id\":2,\"subscribe\":{\"channel\":\"" + ROOM + "\"}}");
        assertThat(c.nextLineContaining("\"id\":2")).contains("\"subscribe\"");
        c.send("{\"id\":3,\"publish\":{\"channel\":\"" + ROOM + "\",\"data\":" + big + "}}");
        JsonNode e = JSON.readTree(c.nextLineContaining("\"id\":3,")).path("error");
        assertThat(e.path("code").asInt()).isEqualTo(106);
        assertThat(e.path("message").asText()).isEqualTo("project message size limit exceeded (51 bytes, limit 16)");
        c.send("{\"id\":4,\"publish\":{\"channel\":\"" + ROOM + "\",\"data\":{\"a\":1}}}");
        assertThat(c.nextLineContaining("\"id\":4,")).contains("\"publish\"");
    }

    @Test
    void twoNodesCountTheProjectsConnectionsTogether() throws IOException {
        try (EmbeddedRedis redis = EmbeddedRedis.start(); EmbeddedPostgres pg = EmbeddedPostgres.start();
             ServerFixture a = clusterNode(redis, pg); ServerFixture b = clusterNode(redis, pg)) {
            CreatedProject[] pq = projects(a.launcher().store(), "cluster@example.com");
            String token = TokenMinterIT.mint(a, "token", pq[0], "{\"userId\":\"carol\"}");
            limit(a.launcher().store(), pq[0].project().id(), new LimitOverrides(3, null, null));
            Await.until(Duration.ofSeconds(5), () -> !refused(b, token), "node b reading the limit from the database");
            connected(a, token);
            connected(a, token);
            connected(b, token);
            // Each node learns the other's count from its announcements (every 3 s); then both refuse a fourth.
            Await.until(Duration.ofSeconds(15), () -> refused(b, token), "b refusing the cluster's fourth connection");
            Await.until(Duration.ofSeconds(15), () -> refused(a, token), "a refusing it too, once it heard of b's");
            String other = TokenMinterIT.mint(a, "token", pq[1], "{\"userId\":\"dave\"}");
            connected(b, other);
        }
    }

    private static ServerFixture clusterNode(EmbeddedRedis redis, EmbeddedPostgres pg) {
        return RedisNodes.node(redis, "limits").databaseUrl(pg.getJdbcUrl("postgres", "postgres")).start();
    }

    /** Runs the CLI in process against the server's data folder and configuration; its standard output. */
    private static String cli(String... args) {
        java.nio.file.Path dir = server.dataDir().getParent();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Cli.create(Map.of(), ServerLauncher.UNAVAILABLE, dir);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", dir.resolve("config.json").toString(), "--data-dir", server.dataDir().toString()));
        int code = cmd.execute(all.toArray(String[]::new));
        assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
        return out.toString();
    }
}
