package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.testkit.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The control-plane API and tenant isolation through the real server, real storage and raw
 * WebSocket clients: every endpoint error, and every cross-project attempt failing. Run on
 * SQLite and on PostgreSQL by the subclasses.
 */
abstract class ControlPlaneMatrix {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static ServerFixture server;
    static CreatedProject a;
    static CreatedProject b;

    static void startWith(String databaseUrl) {
        server = ServerFixture.builder().databaseUrl(databaseUrl).start();
        ControlPlaneStore store = server.launcher().store();
        String owner = store.accounts().createUser("owner@example.com", "a-long-password-1").toCompletableFuture().join().id();
        a = store.projects().create(owner, "alpha").toCompletableFuture().join();
        b = store.projects().create(owner, "beta").toCompletableFuture().join();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            server = null; // the field is shared by the SQLite and PostgreSQL classes that run in one JVM
        }
    }

    static HttpResponse<String> post(String path, String auth, String contentType, String body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            req.header("Authorization", auth);
        }
        if (contentType != null) {
            req.header("Content-Type", contentType);
        }
        try {
            return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode ok(String endpoint, CreatedProject p, String body) {
        HttpResponse<String> r = post("/api/realtime/" + endpoint, "apikey " + p.serverApiKey(), "application/json", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String code(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body()).at("/error/code").asText();
        } catch (Exception e) {
            throw new AssertionError(r.body(), e);
        }
    }

    static WsClient connect(CreatedProject p, String user) {
        String token = ok("token", p, "{\"userId\":\"" + user + "\"}").get("token").asText();
        WsClient c = WsClient.open(server.wsUrl());
        c.send("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}");
        assertThat(c.nextLine()).startsWith("{\"id\":1,\"connect\":");
        return c;
    }

    @Test
    void everyErrorHasItsStatusAndCode() {
        String key = "apikey " + a.serverApiKey();
        assertThat(post("/api/realtime/token", null, "application/json", "{}").statusCode()).isEqualTo(401);
        assertThat(post("/api/realtime/token", "apikey xs_sk_nope", "application/json", "{\"userId\":\"u\"}").statusCode())
                .isEqualTo(401);
        HttpResponse<String> forbidden = post("/api/realtime/token", "apikey " + a.clientApiKey(), "application/json",
                "{\"userId\":\"u\"}");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(code(forbidden)).isEqualTo("forbidden");
        assertThat(post("/api/realtime/tokens", key, "application/json", "{}").statusCode()).isEqualTo(404);
        HttpResponse<String> get = HTTP_GET("/api/realtime/token");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(post("/api/realtime/token", key, "application/json", "{\"userId\":\"" + "x".repeat(70_000) + "\"}")
                .statusCode()).isEqualTo(413);
        assertThat(post("/api/realtime/token", key, "text/plain", "{\"userId\":\"u\"}").statusCode()).isEqualTo(415);
        HttpResponse<String> bad = post("/api/realtime/token", key, "application/json", "{\"userId\":\"u\",\"ttlSeconds\":5}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("ttlSeconds: must be between 30 and 3600");
        HttpResponse<String> ns = post("/api/realtime/publish", key, "application/json", "{\"channel\":\"nope:x\",\"data\":1}");
        assertThat(code(ns)).isEqualTo("unknown_namespace");
        HttpResponse<String> limited = null;
        for (int i = 0; i < 300 && limited == null; i++) {
            HttpResponse<String> r = post("/api/realtime/token", "apikey " + b.serverApiKey(), "application/json",
                    "{\"userId\":\"u\"}");
            if (r.statusCode() == 429) {
                limited = r;
            }
        }
        assertThat(limited).as("rate limited within 300 calls").isNotNull();
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(code(limited)).isEqualTo("rate_limited");
    }

    private static HttpResponse<String> HTTP_GET(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .header("Authorization", "apikey " + a.serverApiKey()).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void healthNamesTheDatabase() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"status\":\"ok\",\"engine\":\"ok\",\"database\":\"ok\"}");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void nothingCrossesBetweenProjects() {
        String ch = "chat:matrix" + System.nanoTime();
        try (WsClient ca = connect(a, "same"); WsClient cb = connect(b, "same")) {
            ca.send("{\"id\":2,\"subscribe\":{\"channel\":\"" + ch + "\"}}");
            cb.send("{\"id\":2,\"subscribe\":{\"channel\":\"" + ch + "\"}}");
            assertThat(ca.nextLineContaining("\"id\":2")).contains("\"subscribe\"");
            assertThat(cb.nextLineContaining("\"id\":2")).contains("\"subscribe\"");
            ok("publish", a, "{\"channel\":\"" + ch + "\",\"data\":{\"from\":\"A\"}}");
            ok("publish", b, "{\"channel\":\"" + ch + "\",\"data\":{\"from\":\"B\"}}");
            assertThat(ca.nextLineContaining("\"pub\"")).contains("{\"from\":\"A\"}").contains("\"offset\":1");
            assertThat(cb.nextLineContaining("\"pub\"")).contains("{\"from\":\"B\"}").contains("\"offset\":1");
            assertThat(ca.pollLine(Duration.ofMillis(300))).as("A sees nothing of B").isNull();
            // A subscription token of A on B's connection ends that connection.
            String subToken = ok("subscription-token", a, "{\"userId\":\"same\",\"channel\":\"secure:x\"}").get("token").asText();
            cb.send("{\"id\":3,\"subscribe\":{\"channel\":\"secure:x\",\"token\":\"" + subToken + "\"}}");
            assertThat(cb.closeReason()).isEqualTo("3500 invalid token");
            ca.send("{\"id\":3,\"subscribe\":{\"channel\":\"secure:x\",\"token\":\"" + subToken + "\"}}");
            assertThat(ca.nextLineContaining("\"id\":3")).contains("\"subscribe\"");
        }
        // The operator's API without a project header addresses the default space only.
        assertThat(server.apiOk("history", "{\"channel\":\"" + ch + "\",\"limit\":-1}")).contains("\"publications\":[]");
    }

    @Test
    void rotationAndDeletionTakeEffectAtOnce() {
        ControlPlaneStore store = server.launcher().store();
        String owner = store.accounts().findByEmail("owner@example.com").toCompletableFuture().join().orElseThrow().id();
        CreatedProject temp = store.projects().create(owner, "temp" + System.nanoTime()).toCompletableFuture().join();
        String rotated = store.projects().rotateServerKey(temp.project().id(), Duration.ZERO)
                .toCompletableFuture().join().serverApiKey();
        assertThat(post("/api/realtime/token", "apikey " + temp.serverApiKey(), "application/json", "{\"userId\":\"u\"}")
                .statusCode()).as("old key after rotation without grace").isEqualTo(401);
        CreatedProject current = new CreatedProject(temp.project(), rotated, temp.clientApiKey());
        String token = ok("token", current, "{\"userId\":\"u\"}").get("token").asText();
        try (WsClient c = connect(current, "u")) {
            store.projects().delete(temp.project().id()).toCompletableFuture().join();
            assertThat(c.closeReason()).as("a deleted project's connections are closed").isEqualTo("3503 force disconnect");
        }
        assertThat(post("/api/realtime/token", "apikey " + rotated, "application/json", "{\"userId\":\"u\"}").statusCode())
                .isEqualTo(401);
        try (WsClient late = WsClient.open(server.wsUrl())) {
            late.send("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}");
            assertThat(late.closeReason()).as("tokens of a deleted project").isEqualTo("3500 invalid token");
        }
    }
}
