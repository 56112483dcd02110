package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.testkit.Await;
import io.xshathra.testkit.MutableClock;
import io.xshathra.testkit.WsClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/realtime/usage} on the real server: two clients of project P and one of Q
 * connect, P gets publications from the API and from a client, and P's usage shows them in the
 * minute they happened (the control plane's clock is moved by hand, never waited for) while Q
 * sees none of it. On SQLite, and on PostgreSQL with a second node that reads what the first
 * wrote when it shut down.
 */
class UsageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ROOM = "chat:room";
    /** 20 seconds into a minute, so the test's own minute moves only when the test moves it. */
    private static final Instant START = Instant.parse("2026-12-05T10:00:20Z");

    private final MutableClock clock = new MutableClock(START);

    @Test
    void sqlite() {
        try (ServerFixture server = ServerFixture.builder().controlPlaneClock(clock).start()) {
            scenario(server);
        }
    }

    @Test
    void postgresAndASecondNodeReadingWhatTheFirstWroteAtShutdown() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            CreatedProject p;
            try (ServerFixture a = ServerFixture.builder().databaseUrl(url).controlPlaneClock(clock).start()) {
                p = scenario(a);
            }
            try (ServerFixture b = ServerFixture.builder().databaseUrl(url).controlPlaneClock(clock).start()) {
                JsonNode minutes = usage(b, p, "").get("minutes");
                assertThat(minute(minutes, 1)).as("the minute before, written by the node that stopped")
                        .isEqualTo(figures(2, 2, 4));
                assertThat(minute(minutes, 0)).isEqualTo(figures(2, 1, 2));
            }
        }
    }

    /** Runs the common part on a started server; returns project P. */
    private CreatedProject scenario(ServerFixture server) {
        ControlPlaneStore store = server.launcher().store();
        String owner = store.accounts().createUser("owner@example.com", "a-long-password-1").toCompletableFuture().join().id();
        CreatedProject p = store.projects().create(owner, "p").toCompletableFuture().join();
        CreatedProject q = store.projects().create(owner, "q").toCompletableFuture().join();
        try (WsClient alice = subscribed(TokenMinterIT.connect(server, p, "alice"));
             WsClient bob = subscribed(TokenMinterIT.connect(server, p, "bob"));
             WsClient carol = subscribed(TokenMinterIT.connect(server, q, "carol"))) {
            JsonNode empty = usage(server, p, "");
            assertThat(empty.get("minutes").size()).isEqualTo(1440);
            assertThat(empty.get("toMs").asLong() - empty.get("fromMs").asLong()).isEqualTo(24 * 3_600_000L);
            assertThat(minute(empty.get("minutes"), 0)).isEqualTo(figures(2, 0, 0));

            assertThat(TokenMinterIT.post(server, "publish", p, "{\"channel\":\"" + ROOM + "\",\"data\":{\"n\":1}}")
                    .statusCode()).isEqualTo(200);
            alice.send("{\"id\":3,\"publish\":{\"channel\":\"" + ROOM + "\",\"data\":{\"n\":2}}}");
            for (WsClient c : new WsClient[] {alice, bob}) {
                assertThat(c.nextLineContaining("{\"n\":1}")).contains("\"pub\"");
                assertThat(c.nextLineContaining("{\"n\":2}")).contains("\"pub\"");
            }
            Await.until(() -> minute(usage(server, p, "").get("minutes"), 0).equals(figures(2, 2, 4)),
                    "P's current minute shows 2 connections, 2 publications in and 4 deliveries");
            JsonNode forQ = usage(server, q, "");
            assertThat(minute(forQ.get("minutes"), 0)).as("Q sees only its own").isEqualTo(figures(1, 0, 0));
            assertThat(forQ.get("totals").toString())
                    .isEqualTo("{\"peakConnections\":1,\"publicationsIn\":0,\"deliveriesOut\":0,\"webhookDeliveries\":0}");

            clock.advance(Duration.ofMinutes(1));
            TokenMinterIT.post(server, "publish", p, "{\"channel\":\"" + ROOM + "\",\"data\":{\"n\":3}}");
            assertThat(bob.nextLineContaining("{\"n\":3}")).contains("\"pub\"");
            assertThat(alice.nextLineContaining("{\"n\":3}")).contains("\"pub\"");
            Await.until(() -> minute(usage(server, p, "").get("minutes"), 0).equals(figures(2, 1, 2)),
                    "the next minute has the third publication");
            JsonNode now = usage(server, p, "");
            assertThat(minute(now.get("minutes"), 1)).as("the minute before keeps its own").isEqualTo(figures(2, 2, 4));
            assertThat(now.get("totals").get("deliveriesOut").asLong()).isEqualTo(6);

            long previous = now.get("toMs").asLong() - 120_000;
            JsonNode window = usage(server, p, "?fromMs=" + previous + "&toMs=" + (previous + 60_000));
            assertThat(window.get("minutes").size()).isEqualTo(1);
            assertThat(window.get("minutes").get(0).get("timeMs").asLong()).isEqualTo(previous);
            assertThat(window.get("minutes").get(0).get("publicationsIn").asLong()).isEqualTo(2);
            refusals(server, p);
        }
        return p;
    }

    private static void refusals(ServerFixture server, CreatedProject p) {
        HttpResponse<String> bad = get(server, "?fromMs=yesterday", "apikey " + p.serverApiKey());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("{\"error\":{\"code\":\"invalid_parameter\",\"message\":"
                + "\"fromMs: must be a time in milliseconds since the epoch (digits only)\"}}");
        assertThat(get(server, "?fromMs=0", "apikey " + p.serverApiKey()).body())
                .contains("fromMs: must be within the last 24 hours");
        assertThat(get(server, "?until=1", "apikey " + p.serverApiKey()).body()).contains("until: is not a parameter");
        assertThat(get(server, "", "apikey " + p.clientApiKey()).statusCode()).isEqualTo(403);
        assertThat(get(server, "", "apikey xs_sk_unknown").statusCode()).isEqualTo(401);
        assertThat(TokenMinterIT.post(server, "usage", p, "{}").statusCode()).isEqualTo(405);
    }

    private static WsClient subscribed(WsClient c) {
        c.send("{\"id\":2,\"subscribe\":{\"channel\":\"" + ROOM + "\"}}");
        assertThat(c.nextLineContaining("\"id\":2")).contains("\"subscribe\"");
        return c;
    }

    /** Connections, publications in and deliveries out of a minute, counting back from the newest (0). */
    private static String minute(JsonNode minutes, int back) {
        JsonNode m = minutes.get(minutes.size() - 1 - back);
        return figures(m.get("connections").asLong(), m.get("publicationsIn").asLong(), m.get("deliveriesOut").asLong())
                + (m.get("webhookDeliveries").asLong() == 0 ? "" : " +hooks");
    }

    private static String figures(long connections, long in, long out) {
        return connections + " connections, " + in + " in, " + out + " out";
    }

    private static JsonNode usage(ServerFixture server, CreatedProject p, String query) {
        HttpResponse<String> r = get(server, query, "apikey " + p.serverApiKey());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> get(ServerFixture server, String query, String authorization) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/realtime/usage" + query)).timeout(Duration.ofSeconds(10))
                .header("Authorization", authorization).GET().build();
        try {
            return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
