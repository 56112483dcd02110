package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.controlplane.usage.UsageMinute;
import io.xshathra.controlplane.webhooks.CreatedWebhook;
import io.xshathra.controlplane.webhooks.WebhookSignature;
import io.xshathra.engine.project.TenantEvent.Kind;
import io.xshathra.testkit.Await;
import io.xshathra.testkit.WsClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks as a tenant meets them: a server started as {@code xshathra serve} starts it (its tenant
 * events go to the projects' webhooks), a project with an endpoint on a real HTTP receiver, and a
 * real WebSocket client of the project that subscribes to a presence channel, publishes and
 * leaves. The receiver gets every event, signed with the endpoint's secret, with the channel as
 * the tenant names it; the deliveries show in the project's usage; another project hears nothing.
 */
class WebhooksEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final BlockingQueue<Received> RECEIVED = new LinkedBlockingQueue<>();
    private static ServerFixture server;
    private static HttpServer receiver;

    private record Received(String path, String signature, byte[] body) {
    }

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", ex -> {
            try (ex) {
                RECEIVED.add(new Received(ex.getRequestURI().getPath(),
                        ex.getRequestHeaders().getFirst(WebhookSignature.HEADER), ex.getRequestBody().readAllBytes()));
                ex.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        server = ServerFixture.builder().start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void aClientsLifeInAChannelReachesTheProjectsEndpointSignedAndCounted() throws Exception {
        ControlPlaneStore store = server.launcher().store();
        String owner = store.accounts().createUser("hooks@example.com", "a-long-password-1").toCompletableFuture().join().id();
        CreatedProject tenant = store.projects().create(owner, "hooked").toCompletableFuture().join();
        CreatedProject other = store.projects().create(owner, "other").toCompletableFuture().join();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        CreatedWebhook hook = store.webhooks().add(tenant.project().id(), base + "/tenant", EnumSet.allOf(Kind.class))
                .toCompletableFuture().join();
        store.webhooks().add(other.project().id(), base + "/other", EnumSet.allOf(Kind.class)).toCompletableFuture().join();
        String id = tenant.project().id();
        Await.until(() -> server.launcher().webhooks().wants(id, Kind.CHANNEL_OCCUPIED), "the endpoint is known");

        try (WsClient alice = MultiNodeIT.connect(server, ServerFixture.token(Map.of("sub", "alice", "projectId", id)))) {
            MultiNodeIT.subscribe(alice, 2, "chat:lobby", "");
            alice.send("{\"id\":3,\"publish\":{\"channel\":\"chat:lobby\",\"data\":{\"text\":\"hello\"}}}");
            assertThat(alice.nextLineContaining("\"id\":3,")).contains("\"publish\":{}");
            alice.send("{\"id\":4,\"unsubscribe\":{\"channel\":\"chat:lobby\"}}");
            alice.nextLineContaining("\"id\":4,");
        }

        Map<String, JsonNode> byName = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (byName.size() < Kind.values().length && System.nanoTime() < deadline) {
            Received r = Await.take(RECEIVED, WAIT, "a webhook request");
            assertThat(r.path()).as("only the tenant's endpoint is called").isEqualTo("/tenant");
            assertThat(WebhookSignature.verify(hook.secret(), r.signature(), r.body(), System.currentTimeMillis() / 1000,
                    300)).as("signed with the endpoint's secret: " + r.signature()).isTrue();
            for (JsonNode e : JSON.readTree(r.body()).get("events")) {
                assertThat(e.get("channel").asText()).as("the channel as the tenant names it").isEqualTo("chat:lobby");
                byName.putIfAbsent(e.get("name").asText(), e);
                order.add(e.get("name").asText());
            }
        }
        assertThat(byName).containsOnlyKeys("channel_occupied", "member_added", "client_publication", "member_removed",
                "channel_vacated");
        // Occupancy and membership are separate streams: the last member's removal and the
        // channel's vacancy are both reported after the publication, in either order.
        assertThat(order.subList(0, 3)).as("in the order they happened").containsExactly("channel_occupied",
                "member_added", "client_publication");
        assertThat(order.subList(3, 5)).containsExactlyInAnyOrder("member_removed", "channel_vacated");
        assertThat(byName.get("member_added").get("user").asText()).isEqualTo("alice");
        assertThat(byName.get("client_publication").get("data").get("text").asText()).isEqualTo("hello");
        assertThat(byName.get("client_publication").get("user").asText()).isEqualTo("alice");

        Await.until(WAIT, () -> webhookDeliveries(id) > 0, "the deliveries counted in the project's usage");
        Await.quietFor(Duration.ofMillis(500), () -> !RECEIVED.isEmpty(), "nothing more, and nothing for the other project");
    }

    private static long webhookDeliveries(String projectId) {
        long now = System.currentTimeMillis();
        List<UsageMinute> minutes = server.launcher().usage().read(projectId, now - 3_600_000, now + 60_000)
                .toCompletableFuture().join();
        return minutes.stream().mapToLong(UsageMinute::webhookDeliveries).sum();
    }
}
