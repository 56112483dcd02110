package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.controlplane.webhooks.CreatedWebhook;
import io.xshathra.controlplane.webhooks.WebhookDelivery;
import io.xshathra.controlplane.webhooks.WebhookSignature;
import io.xshathra.engine.project.TenantEvent;
import io.xshathra.engine.project.TenantEvent.Kind;
import io.xshathra.server.EngineLauncher;
import io.xshathra.server.config.CliOverrides;
import io.xshathra.server.config.ConfigLoader;
import io.xshathra.server.config.LoadedConfig;
import io.xshathra.testkit.Await;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks through the real server: a project's endpoint added through the control plane, events
 * handed to the server's {@code TenantEvents} (where the engine hands them), and a real HTTP
 * receiver that checks every signature with the endpoint's secret. Batching and signing, retries
 * after a failing answer, and the outbox surviving a restart while the receiver is down, on
 * SQLite and on PostgreSQL.
 */
class WebhooksIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    /** A receiver on loopback that keeps what it got and answers with queued statuses (200 when none). */
    private static final class Receiver implements AutoCloseable {
        final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
        final HttpServer http;

        Receiver(int port) {
            try {
                http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            http.createContext("/", ex -> {
                try (ex) {
                    byte[] body = ex.getRequestBody().readAllBytes();
                    received.add(new Received(ex.getRequestHeaders().getFirst(WebhookSignature.HEADER),
                            ex.getRequestHeaders().getFirst("Content-Type"), body));
                    Integer status = answers.poll();
                    ex.sendResponseHeaders(status == null ? 200 : status, -1);
                }
            });
            http.start();
        }

        int port() {
            return http.getAddress().getPort();
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    private record Received(String signature, String contentType, byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean signedWith(String secret) {
            return WebhookSignature.verify(secret, signature, body, System.currentTimeMillis() / 1000, 300);
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private EngineLauncher start(Path dataDir, String databaseUrl) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"log\":{\"level\":\"warn\"},\"client\":{\"token\":{\"hmac_secret_key\":\"it-secret\"}}}");
        LoadedConfig cfg = new ConfigLoader().load(config, Map.of(),
                new CliOverrides(0, "127.0.0.1", dataDir, null, databaseUrl));
        return EngineLauncher.start(cfg);
    }

    private <T extends AutoCloseable> T closing(T c) {
        open.add(c);
        return c;
    }

    private static CreatedProject project(ControlPlaneStore store, String name) {
        String owner = store.accounts().list().toCompletableFuture().join().stream().findFirst()
                .map(io.xshathra.controlplane.Account::id)
                .orElseGet(() -> store.accounts().createUser("owner@example.com", "a-long-password-1")
                        .toCompletableFuture().join().id());
        return store.projects().create(owner, name).toCompletableFuture().join();
    }

    private static CreatedWebhook hook(ControlPlaneStore store, CreatedProject p, String url, Set<Kind> kinds) {
        return store.webhooks().add(p.project().id(), url, kinds).toCompletableFuture().join();
    }

    private static TenantEvent event(CreatedProject p, Kind kind, String channel, String data) {
        return new TenantEvent(kind, p.project().id(), channel, "alice", "client-1",
                data == null ? null : data.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis());
    }

    @Test
    void eventsOfAProjectAreDeliveredBatchedAndSignedToItsEndpointOnly() throws Exception {
        Receiver receiver = closing(new Receiver(0));
        EngineLauncher server = closing(start(dir.resolve("data"), null));
        ControlPlaneStore store = server.store();
        CreatedProject a = project(store, "alpha");
        CreatedProject b = project(store, "beta");
        CreatedWebhook h = hook(store, a, "http://127.0.0.1:" + receiver.port() + "/hooks", EnumSet.allOf(Kind.class));
        Await.until(() -> server.webhooks().wants(a.project().id(), Kind.CHANNEL_OCCUPIED), "the index has the endpoint");
        assertThat(server.webhooks().wants(b.project().id(), Kind.CHANNEL_OCCUPIED)).isFalse();

        server.webhooks().emit(event(a, Kind.CHANNEL_OCCUPIED, "public:lobby", null));
        server.webhooks().emit(event(a, Kind.MEMBER_ADDED, "public:lobby", null));
        server.webhooks().emit(event(b, Kind.CHANNEL_OCCUPIED, "public:other", null));
        server.webhooks().emit(event(a, Kind.CLIENT_PUBLICATION, "public:lobby", "{\"text\":\"hi\"}"));
        server.webhooks().flush();

        Received r = Await.take(receiver.received, WAIT, "the batch");
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.signedWith(h.secret())).as("signed with the endpoint's secret: " + r.signature()).isTrue();
        assertThat(r.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
        JsonNode body = r.json();
        assertThat(body.get("timeMs").asLong()).isPositive();
        JsonNode events = body.get("events");
        assertThat(events).hasSize(3);
        assertThat(events.get(0).get("name").asText()).isEqualTo("channel_occupied");
        assertThat(events.get(0).get("channel").asText()).isEqualTo("public:lobby");
        assertThat(events.get(1).get("name").asText()).isEqualTo("member_added");
        assertThat(events.get(1).get("user").asText()).isEqualTo("alice");
        assertThat(events.get(1).get("client").asText()).isEqualTo("client-1");
        assertThat(events.get(2).get("data").get("text").asText()).isEqualTo("hi");
        assertThat(body.toString()).doesNotContain("public:other");
        Await.until(WAIT, () -> store.webhooks().deliveries(a.project().id()).toCompletableFuture().join().size() == 1,
                "the delivery is logged");
        Await.quietFor(Duration.ofMillis(500), () -> !receiver.received.isEmpty(), "nothing else is delivered");
    }

    @Test
    void aFailingAnswerIsRetriedWithTheSameEvents() throws Exception {
        Receiver receiver = closing(new Receiver(0));
        receiver.answers.add(500);
        EngineLauncher server = closing(start(dir.resolve("data"), null));
        ControlPlaneStore store = server.store();
        CreatedProject a = project(store, "alpha");
        CreatedWebhook h = hook(store, a, "http://127.0.0.1:" + receiver.port() + "/hooks",
                EnumSet.of(Kind.CHANNEL_VACATED));
        Await.until(() -> server.webhooks().wants(a.project().id(), Kind.CHANNEL_VACATED), "the index has the endpoint");
        server.webhooks().emit(event(a, Kind.CHANNEL_VACATED, "room", null));

        Received failed = Await.take(receiver.received, WAIT, "the first attempt");
        Received retried = Await.take(receiver.received, WAIT, "the retry");
        assertThat(retried.body()).isEqualTo(failed.body());
        assertThat(retried.signedWith(h.secret())).isTrue();
        Await.until(WAIT, () -> store.webhooks().deliveries(a.project().id()).toCompletableFuture().join().size() == 2,
                "both attempts logged");
        List<WebhookDelivery> log = store.webhooks().deliveries(a.project().id()).toCompletableFuture().join();
        assertThat(log).extracting(WebhookDelivery::status).containsExactly(200, 500);
        assertThat(store.webhooks().pending(a.project().id()).toCompletableFuture().join()).isZero();
    }

    @Test
    void theOutboxSurvivesARestartOnSqlite() throws Exception {
        survivesARestart(dir.resolve("data"), null);
    }

    @Test
    void theOutboxSurvivesARestartOnPostgres() throws Exception {
        EmbeddedPostgres pg = closing(EmbeddedPostgres.start());
        survivesARestart(dir.resolve("pg-data"), pg.getJdbcUrl("postgres", "postgres"));
    }

    /**
     * Events accepted, server stopped before any delivery could succeed (the receiver is down),
     * server started again on the same database, receiver up: every event arrives.
     */
    private void survivesARestart(Path dataDir, String databaseUrl) throws Exception {
        int port;
        try (Receiver probe = new Receiver(0)) {
            port = probe.port(); // reserved, then freed: the receiver is down
        }
        EngineLauncher first = start(dataDir, databaseUrl);
        CreatedProject a;
        CreatedWebhook h;
        Set<String> sent = new HashSet<>();
        try {
            a = project(first.store(), "alpha");
            h = hook(first.store(), a, "http://127.0.0.1:" + port + "/hooks", EnumSet.of(Kind.CHANNEL_OCCUPIED));
            Await.until(() -> first.webhooks().wants(a.project().id(), Kind.CHANNEL_OCCUPIED), "the index has it");
            for (int i = 0; i < 5; i++) {
                first.webhooks().emit(event(a, Kind.CHANNEL_OCCUPIED, "room-" + i, null));
                sent.add("room-" + i);
            }
        } finally {
            first.close(); // writes what is still buffered to the outbox
        }
        EngineLauncher second = closing(start(dataDir, databaseUrl));
        assertThat(second.store().webhooks().pending(a.project().id()).toCompletableFuture().join())
                .as("the batch waits in the outbox").isPositive();
        Receiver receiver = closing(new Receiver(port));
        Set<String> got = new HashSet<>();
        Await.until(Duration.ofSeconds(30), () -> {
            for (Received r; (r = receiver.received.poll()) != null; ) {
                assertThat(r.signedWith(h.secret())).isTrue();
                r.json().get("events").forEach(e -> got.add(e.get("channel").asText()));
            }
            return got.containsAll(sent);
        }, "every event delivered after the restart");
    }
}
