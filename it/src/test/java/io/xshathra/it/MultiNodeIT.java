package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.engine.delta.FossilApply;
import io.xshathra.redis.EmbeddedRedis;
import io.xshathra.testkit.Await;
import io.xshathra.testkit.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes sharing one Redis (the embedded binary) and one PostgreSQL, driven by raw JSON
 * WebSocket clients: what one node publishes reaches the other in order, history and recovery
 * follow a client from node to node and across a node restart, presence and join/leave are
 * cluster-wide, the server API's disconnect, channels and info span both nodes, delta patches
 * and emulation requests cross nodes, and projects stay apart.
 */
class MultiNodeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedRedis redis;
    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();
    private static ServerFixture a;
    private static ServerFixture b;

    @BeforeAll
    static void start() throws IOException {
        redis = EmbeddedRedis.start();
        a = node();
        b = node();
    }

    private static ServerFixture node() {
        return RedisNodes.node(redis, "it").databaseUrl(POSTGRES.url())
                .set("http_stream", Map.of("enabled", true)).start();
    }

    @AfterAll
    static void stop() throws IOException {
        ServerFixture.closeAll(a, b);
        if (redis != null) {
            redis.close();
        }
    }

    private static String unique(String prefix) {
        return prefix + SEQ.incrementAndGet();
    }

    static WsClient connect(ServerFixture node, String token) {
        WsClient c = WsClient.open(node.wsUrl());
        c.send("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}");
        assertThat(c.nextLine()).startsWith("{\"id\":1,\"connect\":{\"client\":");
        return c;
    }

    static JsonNode subscribe(WsClient c, int id, String channel, String extra) {
        c.send("{\"id\":" + id + ",\"subscribe\":{\"channel\":" + ServerFixture.quote(channel) + extra + "}}");
        return json(c.nextLineContaining("\"id\":" + id + ",")).get("subscribe");
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError(s, e);
        }
    }

    /** The next publication push of the connection. */
    static JsonNode nextPub(WsClient c) {
        return json(c.nextLineContaining("\"pub\":")).path("push").path("pub");
    }

    @Test
    void publicationsOnOneNodeReachSubscribersOnTheOtherInOrder() {
        String ch = unique("feed:order");
        try (WsClient sub = connect(a, ServerFixture.token("reader"))) {
            subscribe(sub, 2, ch, "");
            for (int i = 1; i <= 100; i++) {
                b.publish(ch, "{\"n\":" + i + "}");
            }
            for (int i = 1; i <= 100; i++) {
                JsonNode pub = nextPub(sub);
                assertThat(pub.path("offset").asLong()).isEqualTo(i);
                assertThat(pub.path("data").path("n").asInt()).isEqualTo(i);
            }
        }
    }

    @Test
    void aClientRecoversOnAnotherNode() {
        String ch = unique("feed:move");
        String epoch;
        try (WsClient first = connect(a, ServerFixture.token("mover"))) {
            epoch = subscribe(first, 2, ch, "").path("epoch").asText();
            for (int i = 1; i <= 3; i++) {
                b.publish(ch, "{\"n\":" + i + "}");
            }
            assertThat(nextPub(first).path("offset").asLong()).isEqualTo(1);
            assertThat(nextPub(first).path("offset").asLong()).isEqualTo(2);
            assertThat(nextPub(first).path("offset").asLong()).isEqualTo(3);
        }
        for (int i = 4; i <= 6; i++) {
            a.publish(ch, "{\"n\":" + i + "}");
        }
        try (WsClient moved = connect(b, ServerFixture.token("mover"))) {
            JsonNode r = subscribe(moved, 2, ch, ",\"recover\":true,\"offset\":3,\"epoch\":\"" + epoch + "\"");
            assertThat(r.path("recovered").asBoolean()).as(r.toString()).isTrue();
            List<Integer> ns = new ArrayList<>();
            r.path("publications").forEach(p -> ns.add(p.path("data").path("n").asInt()));
            assertThat(ns).containsExactly(4, 5, 6);
        }
    }

    @Test
    void aClientRecoversAfterItsNodeRestarts() {
        String ch = unique("feed:restart");
        ServerFixture c = node();
        String epoch;
        try (WsClient first = connect(c, ServerFixture.token("restarter"))) {
            epoch = subscribe(first, 2, ch, "").path("epoch").asText();
            a.publish(ch, "{\"n\":1}");
            assertThat(nextPub(first).path("offset").asLong()).isEqualTo(1);
        } finally {
            c.close();
        }
        a.publish(ch, "{\"n\":2}");
        ServerFixture again = node();
        try (WsClient back = connect(again, ServerFixture.token("restarter"))) {
            JsonNode r = subscribe(back, 2, ch, ",\"recover\":true,\"offset\":1,\"epoch\":\"" + epoch + "\"");
            assertThat(r.path("recovered").asBoolean()).isTrue();
            assertThat(r.path("publications").get(0).path("data").path("n").asInt()).isEqualTo(2);
        } finally {
            again.close();
        }
    }

    @Test
    void presenceAndJoinLeaveAreClusterWide() {
        String ch = unique("chat:presence");
        try (WsClient alice = connect(a, ServerFixture.token("alice"))) {
            subscribe(alice, 2, ch, "");
            try (WsClient bob = connect(b, ServerFixture.token("bob"))) {
                subscribe(bob, 2, ch, "");
                // alice also sees her own join: skip it
                assertThat(alice.nextLineContaining("\"join\":{\"info\":{\"user\":\"bob\"")).isNotNull();
                assertThat(a.numClients(ch)).isEqualTo(2);
                assertThat(b.numClients(ch)).isEqualTo(2);
                String presence = a.apiOk("presence", "{\"channel\":" + ServerFixture.quote(ch) + "}");
                assertThat(presence).contains("\"user\":\"alice\"").contains("\"user\":\"bob\"");
            }
            JsonNode leave = json(alice.nextLineContaining("\"leave\"")).path("push").path("leave").path("info");
            assertThat(leave.path("user").asText()).isEqualTo("bob");
            Await.until(Await.SHORT, () -> b.numClients(ch) == 1, "bob's presence removed");
        }
    }

    @Test
    void serverApiDisconnectReachesAUserOnTheOtherNode() {
        String user = unique("victim");
        try (WsClient victim = connect(a, ServerFixture.token(user))) {
            b.apiOk("disconnect", "{\"user\":\"" + user + "\"}");
            assertThat(victim.closeReason(Duration.ofSeconds(5))).startsWith("3");
        }
    }

    @Test
    void serverApiSubscribeRefreshAndUnsubscribeReachAUserOnTheOtherNode() {
        String user = unique("target");
        String ch = unique("feed:server-side");
        try (WsClient target = connect(a, ServerFixture.token(user))) {
            b.apiOk("subscribe", "{\"user\":\"" + user + "\",\"channel\":" + ServerFixture.quote(ch) + "}");
            assertThat(target.nextLineContaining("\"subscribe\"")).contains(ch);
            b.publish(ch, "{\"n\":1}");
            assertThat(nextPub(target).path("data").path("n").asInt()).isEqualTo(1);
            b.apiOk("refresh", "{\"user\":\"" + user + "\",\"expire_at\":" + (System.currentTimeMillis() / 1000 + 3600) + "}");
            assertThat(target.nextLineContaining("\"refresh\"")).contains("\"expires\":true");
            b.apiOk("unsubscribe", "{\"user\":\"" + user + "\",\"channel\":" + ServerFixture.quote(ch) + "}");
            assertThat(target.nextLineContaining("\"unsubscribe\"")).contains(ch);
        }
    }

    @Test
    void infoAndChannelsSpanBothNodes() {
        Await.until(Duration.ofSeconds(10), () -> json(b.apiOk("info", "{}")).at("/result/nodes").size() >= 2,
                "both nodes listed by info");
        String ch = unique("feed:listed");
        try (WsClient sub = connect(a, ServerFixture.token("lister"))) {
            subscribe(sub, 2, ch, "");
            JsonNode channels = json(b.apiOk("channels", "{}")).at("/result/channels");
            assertThat(channels.has(ch)).as(channels.toString()).isTrue();
            assertThat(channels.path(ch).path("num_clients").asInt()).isEqualTo(1);
        }
    }

    @Test
    void projectsStayApartAcrossNodes() throws Exception {
        ControlPlaneStore store = a.launcher().store();
        String owner = store.accounts().createUser(unique("o") + "@example.com", "a-long-password-1")
                .toCompletableFuture().join().id();
        CreatedProject p1 = store.projects().create(owner, "one").toCompletableFuture().join();
        CreatedProject p2 = store.projects().create(owner, "two").toCompletableFuture().join();
        String ch = unique("feed:shared-name");
        try (WsClient in1 = connect(a, ServerFixture.token(Map.of("sub", "u", "projectId", p1.project().id())));
             WsClient in2 = connect(a, ServerFixture.token(Map.of("sub", "u", "projectId", p2.project().id())))) {
            subscribe(in1, 2, ch, "");
            subscribe(in2, 2, ch, "");
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(b.apiUrl() + "/publish"))
                    .header("X-API-Key", ServerFixture.API_KEY)
                    .header("X-Xshathra-Project", p1.project().id())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":" + ServerFixture.quote(ch)
                            + ",\"data\":{\"for\":\"one\"}}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(nextPub(in1).path("data").path("for").asText()).isEqualTo("one");
            b.publish(ch, "{\"for\":\"default\"}");
            assertThat(in2.pollLine(Duration.ofMillis(500))).isNull();
        }
    }

    @Test
    void deltaPublishesOnOneNodeReachDeltaSubscribersOnTheOtherAsPatches() {
        String ch = unique("feed:delta");
        String text = "x".repeat(200);
        try (WsClient sub = connect(a, ServerFixture.token("patched"))) {
            assertThat(subscribe(sub, 2, ch, ",\"delta\":\"fossil\"").path("delta").asBoolean()).isTrue();
            byte[] previous = null;
            for (int n = 1; n <= 3; n++) {
                b.apiOk("publish", "{\"channel\":" + ServerFixture.quote(ch) + ",\"delta\":true,\"data\":{\"text\":\""
                        + text + "\",\"n\":" + n + "}}");
                JsonNode pub = nextPub(sub);
                byte[] data = pub.path("data").asText().getBytes(StandardCharsets.UTF_8);
                assertThat(pub.path("delta").asBoolean()).as("publication %d sent as a patch", n).isEqualTo(n > 1);
                byte[] full = n == 1 ? data : FossilApply.apply(previous, data);
                assertThat(json(new String(full, StandardCharsets.UTF_8)).path("n").asInt()).isEqualTo(n);
                if (n > 1) {
                    assertThat(data.length).isLessThan(full.length);
                }
                previous = full;
            }
        }
    }

    @Test
    void emulationRequestsPostedToOneNodeReachTheSessionOnTheOther() {
        Await.until(Duration.ofSeconds(10), () -> json(b.apiOk("info", "{}")).at("/result/nodes").size() >= 2,
                "both nodes listed by info");
        String connectFrame = "{\"id\":1,\"connect\":{\"token\":\"" + ServerFixture.token(unique("emu")) + "\"}}";
        try (StreamClient stream = StreamClient.post("http://127.0.0.1:" + a.port() + "/realtime/connection/http_stream",
                "application/json", connectFrame.getBytes(StandardCharsets.UTF_8))) {
            JsonNode connect = json(stream.next()).path("connect");
            String node = connect.path("node").asText();
            String session = connect.path("session").asText();
            String ch = unique("feed:emulated");
            assertThat(emulate(b, node, session, "{\"id\":2,\"subscribe\":{\"channel\":\"" + ch + "\"}}"))
                    .isEqualTo(204);
            assertThat(json(stream.nextNonPing()).path("id").asInt()).isEqualTo(2);
            b.publish(ch, "{\"n\":1}");
            assertThat(json(stream.nextNonPing()).at("/push/pub/data/n").asInt()).isEqualTo(1);
            assertThat(emulate(b, node, "no-such-session", "{}")).isEqualTo(404);
            assertThat(emulate(b, "no-such-node", session, "{}")).isEqualTo(404);
        }
    }

    /** Posts one JSON command frame to {@code via}'s emulation endpoint; the status. */
    private static int emulate(ServerFixture via, String node, String session, String frame) {
        return StreamClient.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + via.port()
                        + "/realtime/emulation")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"node\":" + ServerFixture.quote(node) + ",\"session\":"
                        + ServerFixture.quote(session) + ",\"data\":" + ServerFixture.quote(frame) + "}"))
                .build()).statusCode();
    }

    @Test
    void healthIsOkWhileRedisAnswers() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + a.port() + "/realtime/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }
}
