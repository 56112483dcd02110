package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.controlplane.storage.DatabaseUrl;
import io.xshathra.testkit.Await;
import io.xshathra.testkit.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two servers and a command-line process sharing one PostgreSQL database: a key that node B
 * remembers stops working there soon after node A or the CLI revokes it (the key change feed),
 * and B closes the connections of a project deleted elsewhere.
 */
class KeyRevocationIT {
    /** The feed is read every second; the rest is slack for a slow machine. */
    private static final Duration BOUND = Duration.ofSeconds(4);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();
    private static ServerFixture a;
    private static ServerFixture b;
    private static ControlPlaneStore cli;
    private static String owner;

    @BeforeAll
    static void start() {
        String url = POSTGRES.url();
        a = ServerFixture.builder().databaseUrl(url).start();
        b = ServerFixture.builder().databaseUrl(url).start();
        cli = ControlPlaneStore.open(DatabaseUrl.parse(url), ControlPlaneStore.Options.defaults());
        owner = cli.accounts().createUser("owner@example.com", "a-long-password-1").toCompletableFuture().join().id();
    }

    @AfterAll
    static void stop() {
        ServerFixture.closeAll(cli, a, b);
    }

    private static int token(ServerFixture node, String serverKey) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/api/realtime/token"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "apikey " + serverKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u\"}")).build();
        try {
            return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String clientKeyConnect(ServerFixture node, String clientKey) {
        try (WsClient c = WsClient.open(node.wsUrl())) {
            c.send("{\"id\":1,\"connect\":{\"data\":{\"clientApiKey\":\"" + clientKey + "\"}}}");
            String reply = c.pollLine(Duration.ofSeconds(5));
            return reply != null ? reply : "closed " + c.closeReason(Duration.ofSeconds(5));
        }
    }

    @Test
    void aRotationOnOneNodeEndsTheOldKeyOnTheOther() {
        CreatedProject p = a.launcher().store().projects().create(owner, "rotated on A").toCompletableFuture().join();
        assertThat(token(b, p.serverApiKey())).isEqualTo(200);
        assertThat(token(b, p.serverApiKey())).as("now remembered by B").isEqualTo(200);
        String fresh = a.launcher().store().projects().rotateServerKey(p.project().id(), Duration.ZERO)
                .toCompletableFuture().join().serverApiKey();
        assertThat(token(a, p.serverApiKey())).as("at once on the node that rotated").isEqualTo(401);
        Await.until(BOUND, () -> token(b, p.serverApiKey()) == 401, "B refuses the old key");
        assertThat(token(b, fresh)).isEqualTo(200);
    }

    @Test
    void aClientKeyRotationByTheCliReachesBothNodes() {
        CreatedProject p = cli.projects().create(owner, "client key rotated by the CLI").toCompletableFuture().join();
        for (ServerFixture node : new ServerFixture[] {a, b}) {
            assertThat(clientKeyConnect(node, p.clientApiKey())).as("now remembered").startsWith("{\"id\":1,\"connect\":");
        }
        String fresh = cli.projects().rotateClientKey(p.project().id(), Duration.ZERO).toCompletableFuture().join()
                .project().clientApiKey();
        for (ServerFixture node : new ServerFixture[] {a, b}) {
            Await.until(BOUND, () -> clientKeyConnect(node, p.clientApiKey()).equals("closed 3500 invalid token"),
                    "the node refuses the old client key");
            assertThat(clientKeyConnect(node, fresh)).startsWith("{\"id\":1,\"connect\":");
        }
    }

    @Test
    void aDeletionByTheCliEndsKeysAndConnectionsOnBothNodes() {
        CreatedProject p = cli.projects().create(owner, "deleted by the CLI").toCompletableFuture().join();
        String tokenOfP = ServerFixture.token(java.util.Map.of("sub", "u", "projectId", p.project().id()));
        for (ServerFixture node : new ServerFixture[] {a, b}) {
            assertThat(token(node, p.serverApiKey())).isEqualTo(200);
            assertThat(clientKeyConnect(node, p.clientApiKey())).startsWith("{\"id\":1,\"connect\":");
        }
        try (WsClient onA = MultiNodeIT.connect(a, tokenOfP); WsClient onB = MultiNodeIT.connect(b, tokenOfP)) {
            assertThat(cli.projects().delete(p.project().id()).toCompletableFuture().join()).isTrue();
            assertThat(onA.closeReason(BOUND)).isEqualTo("3503 force disconnect");
            assertThat(onB.closeReason(BOUND)).isEqualTo("3503 force disconnect");
        }
        for (ServerFixture node : new ServerFixture[] {a, b}) {
            Await.until(BOUND, () -> token(node, p.serverApiKey()) == 401, "the deleted project's server key is refused");
            assertThat(clientKeyConnect(node, p.clientApiKey())).as("the deleted project's client key")
                    .isEqualTo("closed 3500 invalid token");
        }
    }
}
