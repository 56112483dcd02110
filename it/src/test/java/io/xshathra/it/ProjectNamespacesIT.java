package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.NamespaceSet;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.server.ServerLauncher;
import io.xshathra.server.cli.Cli;
import io.xshathra.testkit.Await;
import io.xshathra.testkit.WsClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each project's own namespaces, end to end on a real server and its SQLite database: a namespace
 * set on one project works for that project's clients, server API and tokens and is unknown (102)
 * to another project; a new project starts with the configuration's namespaces; a change written
 * by the command line while the server runs (another connection pool on the same database, as a
 * separate process would be) is applied within 2 seconds.
 */
class ProjectNamespacesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the issue promises: every node applies a change within 2 seconds. */
    static final Duration LIVE = Duration.ofSeconds(2);
    private static final String GAME = "{\"presence\":true,\"history_size\":10,\"history_ttl\":\"300s\","
            + "\"allow_subscribe_for_client\":true,\"allow_history_for_subscriber\":true,"
            + "\"allow_presence_for_subscriber\":true}";

    private static ServerFixture server;
    private static CreatedProject a;
    private static CreatedProject b;
    private static String owner;

    /** What a command printed, and its exit code. */
    record CliResult(int code, String out, String err) {
    }

    @BeforeAll
    static void start() {
        server = ServerFixture.start();
        ControlPlaneStore store = server.launcher().store();
        owner = store.accounts().createUser("owner@example.com", "a-long-password-1").toCompletableFuture().join().id();
        a = store.projects().create(owner, "alpha").toCompletableFuture().join();
        b = store.projects().create(owner, "beta").toCompletableFuture().join();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Connects a user of the project and subscribes; 0 when subscribed, else the error code. */
    static int subscribeCode(ServerFixture node, String projectId, String channel) {
        try (WsClient ws = WsClient.open(node.wsUrl())) {
            JsonNode connected = send(ws, "{\"id\":1,\"connect\":{\"token\":\""
                    + ServerFixture.token(Map.of("sub", "u1", "projectId", projectId)) + "\"}}");
            assertThat(connected.has("connect")).as(connected.toString()).isTrue();
            JsonNode sub = send(ws, "{\"id\":2,\"subscribe\":{\"channel\":" + ServerFixture.quote(channel) + "}}");
            return sub.has("subscribe") ? 0 : sub.path("error").path("code").asInt(-1);
        }
    }

    static JsonNode send(WsClient ws, String frame) {
        ws.send(frame);
        try {
            return JSON.readTree(ws.nextLine());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs the real command line against the server's configuration and data folder. */
    private static CliResult cli(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = server.dataDir().getParent().resolve("config.json").toString();
        all[args.length + 2] = "--data-dir";
        all[args.length + 3] = server.dataDir().toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine line = Cli.create(Map.of(), ServerLauncher.UNAVAILABLE, server.dataDir().getParent());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(all);
        return new CliResult(code, out.toString(), err.toString());
    }

    @Test
    void aProjectsNamespaceWorksForItsClientsAndIsUnknownToAnotherProject() throws Exception {
        server.launcher().store().projects().namespaces().set(a.project().id(), "game", GAME).toCompletableFuture().join();

        try (WsClient ws = WsClient.open(server.wsUrl())) {
            send(ws, "{\"id\":1,\"connect\":{\"token\":\""
                    + ServerFixture.token(Map.of("sub", "alice", "projectId", a.project().id())) + "\"}}");
            assertThat(send(ws, "{\"id\":2,\"subscribe\":{\"channel\":\"game:1\"}}").has("subscribe")).isTrue();
            HttpResponse<String> published = TokenMinterIT.post(server, "publish", a,
                    "{\"channel\":\"game:1\",\"data\":{\"move\":\"e4\"}}");
            assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
            assertThat(JSON.readTree(published.body()).path("offset").asLong()).as("history is on").isEqualTo(1);
            assertThat(ws.nextLineContaining("\"push\"")).contains("e4");
            JsonNode history = send(ws, "{\"id\":3,\"history\":{\"channel\":\"game:1\",\"limit\":10}}");
            assertThat(history.path("history").path("publications")).hasSize(1);
            JsonNode presence = send(ws, "{\"id\":4,\"presence\":{\"channel\":\"game:1\"}}");
            assertThat(presence.path("presence").path("presence").toString()).contains("alice");
        }

        assertThat(subscribeCode(server, b.project().id(), "game:1")).as("unknown namespace in B").isEqualTo(102);
        HttpResponse<String> refused = TokenMinterIT.post(server, "publish", b, "{\"channel\":\"game:1\",\"data\":{}}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("unknown_namespace");
        HttpResponse<String> token = TokenMinterIT.post(server, "subscription-token", b,
                "{\"userId\":\"u\",\"channel\":\"game:1\"}");
        assertThat(token.statusCode()).as("no token for another project's namespace").isEqualTo(400);
        assertThat(subscribeCode(server, "", "game:1")).as("nor in the default space").isEqualTo(102);
    }

    @Test
    void aNewProjectStartsWithTheConfiguredNamespaces() {
        CreatedProject c = server.launcher().store().projects().create(owner, "gamma").toCompletableFuture().join();
        NamespaceSet set = server.launcher().store().projects().namespaces().of(c.project().id())
                .toCompletableFuture().join();
        assertThat(set.own()).isTrue();
        assertThat(set.namespaces()).containsOnlyKeys("chat", "feed", "secure");
        assertThat(subscribeCode(server, c.project().id(), "chat:lobby")).isZero();
    }

    @Test
    void aCommandLineChangeWhileTheServerRunsIsAppliedWithinTwoSeconds() throws Exception {
        String id = b.project().id();
        assertThat(subscribeCode(server, id, "live:1")).isEqualTo(102);

        CliResult set = cli("project", "namespace", "set", id, "live", "--options",
                "{\"allow_subscribe_for_client\":true}");
        assertThat(set.code()).as(set.err()).isZero();
        Await.until(LIVE, () -> subscribeCode(server, id, "live:1") == 0, "the CLI's namespace in use");

        CliResult list = cli("project", "namespace", "list", id, "--json");
        assertThat(list.code()).as(list.err()).isZero();
        JsonNode listed = JSON.readTree(list.out());
        assertThat(listed.path("live")).isEqualTo(JSON.readTree("{\"allow_subscribe_for_client\":true}"));
        assertThat(listed.has("chat")).as("the configured ones were copied at creation").isTrue();

        CliResult bad = cli("project", "namespace", "set", id, "live", "--options", "{\"history_size\":5}");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).doesNotContain("\n").contains("history_ttl");
        CliResult refused = cli("project", "namespace", "set", id, "backed", "--options", "{\"subscribe_proxy_enabled\":true}");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("subscribe_proxy_enabled");

        CliResult removed = cli("project", "namespace", "remove", id, "live");
        assertThat(removed.code()).as(removed.err()).isZero();
        Await.until(LIVE, () -> subscribeCode(server, id, "live:1") == 102, "the removed namespace unknown again");
        assertThat(subscribeCode(server, a.project().id(), "chat:x")).as("another project untouched").isZero();
    }
}
