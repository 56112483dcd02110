package io.xshathra.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Request shapes and answer reading of every method, against a real HTTP server with canned answers. */
class XshathraClientTest {
    static final String KEY = "xs_sk_unit-test-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CannedServer server = start();
    private final XshathraClient client = XshathraClient.builder().baseUrl(server.url()).serverKey(KEY)
            .timeout(Duration.ofSeconds(5)).build();

    private static CannedServer start() {
        try {
            return new CannedServer();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode body(CannedServer.Seen s) throws Exception {
        return JSON.readTree(s.body());
    }

    @Test
    void tokenPostsTheFieldsWithTheKeyAndReadsTheAnswer() throws Exception {
        server.answer(200, "{\"token\":\"eyJ.abc.def\",\"expiresInSeconds\":600}");
        Token t = client.token(TokenRequest.of("alice").withTtlSeconds(600).withChannels(List.of("public:lobby"))
                .withInfo(Map.of("name", "Alice")));
        assertThat(t).isEqualTo(new Token("eyJ.abc.def", 600));
        assertThat(t.toString()).doesNotContain("eyJ.abc.def");
        CannedServer.Seen s = server.next();
        assertThat(s.method()).isEqualTo("POST");
        assertThat(s.path()).isEqualTo("/api/realtime/token");
        assertThat(s.headers().get("Authorization")).isEqualTo("apikey " + KEY);
        assertThat(s.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(body(s)).isEqualTo(JSON.readTree(
                "{\"userId\":\"alice\",\"ttlSeconds\":600,\"channels\":[\"public:lobby\"],\"info\":{\"name\":\"Alice\"}}"));
    }

    @Test
    void optionalFieldsAreLeftOutSoTheServerDefaultsApply() throws Exception {
        server.answer(200, "{\"token\":\"t\",\"expiresInSeconds\":900}");
        client.token(TokenRequest.of("bob"));
        assertThat(server.next().body()).isEqualTo("{\"userId\":\"bob\"}");
        client.subscriptionToken(SubscriptionTokenRequest.of("bob", "$chat:x").withTtlSeconds(60)
                .withInfo(Map.of("role", "mod")));
        CannedServer.Seen s = server.next();
        assertThat(s.path()).isEqualTo("/api/realtime/subscription-token");
        assertThat(body(s)).isEqualTo(JSON.readTree(
                "{\"userId\":\"bob\",\"channel\":\"$chat:x\",\"ttlSeconds\":60,\"info\":{\"role\":\"mod\"}}"));
    }

    @Test
    void publishSendsJsonRawJsonOrBinaryAndReadsThePosition() throws Exception {
        server.answer(200, "{\"channel\":\"chat:a\",\"offset\":7,\"epoch\":\"ep1\"}");
        PublishResult r = client.publish(PublishRequest.json("chat:a", Map.of("text", "hi"))
                .withIdempotencyKey("m-1").withTags(Map.of("kind", "chat")).withSkipHistory(true));
        assertThat(r).isEqualTo(new PublishResult("chat:a", 7, "ep1"));
        assertThat(body(server.next())).isEqualTo(JSON.readTree("{\"channel\":\"chat:a\",\"data\":{\"text\":\"hi\"},"
                + "\"idempotencyKey\":\"m-1\",\"tags\":{\"kind\":\"chat\"},\"skipHistory\":true}"));

        server.answer(200, "{\"channel\":\"chat:a\"}");
        assertThat(client.publish(PublishRequest.rawJson("chat:a", "[1, 2]")))
                .as("no history: no offset, no epoch").isEqualTo(new PublishResult("chat:a", 0, ""));
        assertThat(server.next().body()).isEqualTo("{\"channel\":\"chat:a\",\"data\":[1,2]}");

        client.publish(PublishRequest.binary("chat:a", new byte[] {0, 1, (byte) 0xff}));
        assertThat(server.next().body()).isEqualTo("{\"channel\":\"chat:a\",\"b64data\":\"AAH/\"}");

        client.publish(PublishRequest.json("chat:a", "just a string"));
        assertThat(server.next().body()).isEqualTo("{\"channel\":\"chat:a\",\"data\":\"just a string\"}");
    }

    @Test
    void historyPostsPaginationAndReadsJsonAndBinaryPublications() throws Exception {
        server.answer(200, "{\"publications\":[{\"data\":{\"n\":1},\"offset\":4,\"tags\":{\"k\":\"v\"},"
                + "\"info\":{\"client\":\"c1\",\"user\":\"alice\",\"connInfo\":{\"a\":1}}},"
                + "{\"b64data\":\"AAH/\",\"offset\":5}],\"offset\":5,\"epoch\":\"e\"}");
        HistoryResult h = client.history(HistoryRequest.of("chat:a").withLimit(2)
                .withSince(new StreamPosition(3, "e")).withReverse(true));
        CannedServer.Seen s = server.next();
        assertThat(s.path()).isEqualTo("/api/realtime/history");
        assertThat(body(s)).isEqualTo(JSON.readTree(
                "{\"channel\":\"chat:a\",\"limit\":2,\"since\":{\"offset\":3,\"epoch\":\"e\"},\"reverse\":true}"));
        assertThat(h.position()).isEqualTo(new StreamPosition(5, "e"));
        assertThat(h.publications()).hasSize(2);
        Publication first = h.publications().get(0);
        assertThat(first.data()).isEqualTo("{\"n\":1}");
        assertThat(first.dataAs(Map.class)).isEqualTo(Map.of("n", 1));
        assertThat(first.offset()).isEqualTo(4);
        assertThat(first.tags()).isEqualTo(Map.of("k", "v"));
        assertThat(first.info()).isEqualTo(new ClientInfo("c1", "alice", "{\"a\":1}", null));
        Publication second = h.publications().get(1);
        assertThat(second.data()).isNull();
        assertThat(second.binary()).containsExactly(0, 1, 0xff);
        assertThatThrownBy(() -> second.dataAs(Map.class)).isInstanceOf(InvalidRequestException.class);

        client.history(HistoryRequest.of("chat:b"));
        assertThat(server.next().body()).isEqualTo("{\"channel\":\"chat:b\"}");
    }

    @Test
    void presenceStatsAndChannelsAreRead() throws Exception {
        server.answer(200, "{\"clients\":{\"c1\":{\"client\":\"c1\",\"user\":\"alice\",\"chanInfo\":{\"r\":\"x\"}},"
                + "\"c2\":{\"client\":\"c2\",\"user\":\"bob\"}}}");
        PresenceResult p = client.presence("chat:a");
        assertThat(p.clients()).containsOnlyKeys("c1", "c2");
        assertThat(p.clients().get("c1")).isEqualTo(new ClientInfo("c1", "alice", null, "{\"r\":\"x\"}"));
        assertThat(server.next()).extracting(CannedServer.Seen::path, CannedServer.Seen::body)
                .containsExactly("/api/realtime/presence", "{\"channel\":\"chat:a\"}");

        server.answer(200, "{\"numClients\":3,\"numUsers\":2}");
        assertThat(client.presenceStats("chat:a")).isEqualTo(new PresenceStats(3, 2));
        assertThat(server.next().path()).isEqualTo("/api/realtime/presence-stats");

        server.answer(200, "{\"channels\":{\"chat:a\":{\"numClients\":3},\"chat:b\":{\"numClients\":1}}}");
        assertThat(client.channels("chat:*").channels()).isEqualTo(Map.of("chat:a", 3, "chat:b", 1));
        assertThat(server.next()).extracting(CannedServer.Seen::path, CannedServer.Seen::body)
                .containsExactly("/api/realtime/channels", "{\"pattern\":\"chat:*\"}");
        client.channels(null);
        assertThat(server.next().body()).isEqualTo("{}");
    }

    @Test
    void usageIsAGetWithTheKeyAndItsWindowInTheQuery() throws Exception {
        server.answer(200, "{\"fromMs\":60000,\"toMs\":180000,\"stepMs\":60000,\"minutes\":["
                + "{\"timeMs\":60000,\"connections\":2,\"publicationsIn\":3,\"deliveriesOut\":6,\"webhookDeliveries\":1},"
                + "{\"timeMs\":120000,\"connections\":0,\"publicationsIn\":0,\"deliveriesOut\":0,\"webhookDeliveries\":0}],"
                + "\"totals\":{\"peakConnections\":2,\"publicationsIn\":3,\"deliveriesOut\":6,\"webhookDeliveries\":1}}");
        Usage u = client.usage(java.time.Instant.ofEpochMilli(60_000), java.time.Instant.ofEpochMilli(180_000));
        assertThat(u.minutes()).containsExactly(new Usage.Minute(60_000, 2, 3, 6, 1),
                new Usage.Minute(120_000, 0, 0, 0, 0));
        assertThat(u.totals()).isEqualTo(new Usage.Totals(2, 3, 6, 1));
        assertThat(u.fromMs()).isEqualTo(60_000);
        assertThat(u.toMs()).isEqualTo(180_000);
        CannedServer.Seen s = server.next();
        assertThat(s.method()).isEqualTo("GET");
        assertThat(s.path()).isEqualTo("/api/realtime/usage?fromMs=60000&toMs=180000");
        assertThat(s.headers().get("authorization")).isEqualTo("apikey " + KEY);

        server.answer(200, "{\"minutes\":[]}");
        assertThat(client.usage().minutes()).isEmpty();
        assertThat(server.next().path()).isEqualTo("/api/realtime/usage");

        server.answer(400, "{\"error\":{\"code\":\"invalid_parameter\",\"message\":\"fromMs: must be within the last 24 hours\"}}");
        assertThatThrownBy(() -> client.usage()).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("fromMs");
        server.answer(200, "{\"minutes\":{}}");
        assertThatThrownBy(() -> client.usage()).isInstanceOf(XshathraException.class)
                .hasMessageContaining("minutes");
    }

    @Test
    void commandsWithoutAnAnswerPostTheirFields() throws Exception {
        server.answer(200, "{\"results\":[{\"channel\":\"chat:a\",\"offset\":4,\"epoch\":\"e\"},"
                + "{\"channel\":\"chat:b\"}]}");
        BroadcastResult sent = client.broadcast(BroadcastRequest.json(List.of("chat:a", "chat:b"), Map.of("x", 1)));
        assertThat(sent.results()).containsExactly(new PublishResult("chat:a", 4, "e"),
                new PublishResult("chat:b", 0, ""));
        server.answer(200, "{}");
        client.historyRemove("chat:a");
        client.unsubscribe("alice", "chat:a");
        client.disconnect("alice");
        server.answer(204, "");
        client.disconnect("bob");
        List<String> seen = new ArrayList<>();
        client.broadcast(BroadcastRequest.binary(List.of("chat:c"), new byte[] {1}).withIdempotencyKey("b-1")
                .withTags(Map.of("t", "1")).withSkipHistory(true));
        for (int i = 0; i < 6; i++) {
            CannedServer.Seen s = server.next();
            seen.add(s.path() + " " + body(s));
        }
        assertThat(seen).containsExactly(
                "/api/realtime/broadcast {\"channels\":[\"chat:a\",\"chat:b\"],\"data\":{\"x\":1}}",
                "/api/realtime/history-remove {\"channel\":\"chat:a\"}",
                "/api/realtime/unsubscribe {\"channel\":\"chat:a\",\"userId\":\"alice\"}",
                "/api/realtime/disconnect {\"userId\":\"alice\"}",
                "/api/realtime/disconnect {\"userId\":\"bob\"}",
                "/api/realtime/broadcast {\"channels\":[\"chat:c\"],\"b64data\":\"AQ==\",\"idempotencyKey\":\"b-1\","
                        + "\"tags\":{\"t\":\"1\"},\"skipHistory\":true}");
    }

    @Test
    void aPathPrefixOfTheBaseUrlIsKept() throws Exception {
        server.answer(200, "{\"token\":\"t\",\"expiresInSeconds\":900}");
        XshathraClient behindProxy = XshathraClient.builder().baseUrl(server.url() + "/xs").serverKey(KEY).build();
        behindProxy.token(TokenRequest.of("a"));
        assertThat(server.next().path()).isEqualTo("/xs/api/realtime/token");
        XshathraClient slash = XshathraClient.builder().baseUrl(server.url() + "/").serverKey(KEY).build();
        slash.token(TokenRequest.of("a"));
        assertThat(server.next().path()).isEqualTo("/api/realtime/token");
    }

    @Test
    void asyncCallsCompleteWithTheSameValues() throws Exception {
        server.answer(200, "{\"token\":\"t\",\"expiresInSeconds\":30}");
        assertThat(client.tokenAsync(TokenRequest.of("a")).get()).isEqualTo(new Token("t", 30));
    }

    @Test
    void oneClientServesManyThreadsAtOnce() throws Exception {
        server.handler((ex, s, r) -> {
            JsonNode req = JSON.readTree(r.body());
            s.send(ex, 200, "{\"token\":\"for-" + req.get("userId").asText() + "\",\"expiresInSeconds\":900}",
                    Map.of());
        });
        List<CompletableFuture<Boolean>> all = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            all.add(CompletableFuture.supplyAsync(() -> {
                for (int i = 0; i < 20; i++) {
                    String user = "u" + thread + "-" + i;
                    if (!client.token(TokenRequest.of(user)).token().equals("for-" + user)) {
                        return false;
                    }
                }
                return true;
            }));
        }
        for (CompletableFuture<Boolean> f : all) {
            assertThat(f.get()).isTrue();
        }
    }

    @Test
    void bodiesAreUtf8() throws Exception {
        server.answer(200, "{\"channel\":\"chat:é\"}");
        client.publish(PublishRequest.json("chat:é", Map.of("t", "ünï ✓")));
        byte[] raw = server.next().body().getBytes(StandardCharsets.UTF_8);
        assertThat(new String(raw, StandardCharsets.UTF_8)).contains("ünï ✓").contains("chat:é");
    }
}
