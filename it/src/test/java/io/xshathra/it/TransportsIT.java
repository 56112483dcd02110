package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.EmulationRequest;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The emulation transports (HTTP-streaming in JSON and Protobuf, SSE) with the emulation
 * endpoint, and the unidirectional HTTP transports, driven by the JDK's HTTP client against the
 * real server: connect, subscribe, publications from the server API, pings and pongs, disconnect
 * codes, malformed emulation requests, the origin check and the body limit.
 */
class TransportsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String GOOD_ORIGIN = "https://good.example";
    private static ServerFixture server;

    @BeforeAll
    static void start() {
        server = ServerFixture.builder()
                .client("ping_interval", "2s").client("pong_timeout", "1s")
                .client("allowed_origins", List.of(GOOD_ORIGIN))
                .set("http_stream", Map.of("enabled", true, "max_request_body_size", 4096))
                .set("sse", Map.of("enabled", true))
                .set("uni_sse", Map.of("enabled", true))
                .set("uni_http_stream", Map.of("enabled", true))
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + "/realtime" + path;
    }

    private static String unique(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet();
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    private static HttpResponse<String> emulate(String body, String contentType) {
        return emulate(body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    private static HttpResponse<String> emulate(byte[] body, String contentType) {
        return StreamClient.send(HttpRequest.newBuilder(URI.create(url("/emulation")))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** Sends one JSON command frame for a session through the emulation endpoint; the status. */
    private static int emulateJson(JsonNode connect, String frame) {
        String body = "{\"node\":" + ServerFixture.quote(connect.path("node").asText()) + ",\"session\":"
                + ServerFixture.quote(connect.path("session").asText()) + ",\"data\":" + ServerFixture.quote(frame) + "}";
        return emulate(body, "application/json").statusCode();
    }

    private static String connectFrame(String user) {
        return "{\"id\":1,\"connect\":{\"token\":\"" + ServerFixture.token(user) + "\"}}";
    }

    @Test
    void httpStreamJsonRunsCommandsThroughTheEmulationEndpoint() {
        try (StreamClient s = StreamClient.post(url("/connection/http_stream"), "application/json",
                connectFrame(unique("u")).getBytes(StandardCharsets.UTF_8))) {
            assertThat(s.status).isEqualTo(200);
            assertThat(s.response.headers().firstValue("x-accel-buffering")).hasValue("no");
            JsonNode connect = json(s.next()).path("connect");
            assertThat(connect.path("session").asText()).isNotEmpty();
            assertThat(connect.path("node").asText()).isNotEmpty();
            assertThat(connect.path("pong").asBoolean()).isTrue();
            String ch = unique("feed:h");
            assertThat(emulateJson(connect, "{\"id\":2,\"subscribe\":{\"channel\":\"" + ch + "\"}}")).isEqualTo(204);
            assertThat(json(s.nextNonPing()).path("id").asInt()).isEqualTo(2);
            server.publish(ch, "{\"n\":1}");
            JsonNode pub = json(s.nextNonPing()).path("push");
            assertThat(pub.path("channel").asText()).isEqualTo(ch);
            assertThat(pub.path("pub").path("data").path("n").asInt()).isEqualTo(1);
        }
    }

    @Test
    void pongsThroughTheEmulationEndpointKeepTheStreamAndMissingOnesEndIt() throws Throwable {
        try (StreamClient good = StreamClient.post(url("/connection/http_stream"), "application/json",
                connectFrame(unique("u")).getBytes(StandardCharsets.UTF_8));
             StreamClient lazy = StreamClient.post(url("/connection/http_stream"), "application/json",
                connectFrame(unique("u")).getBytes(StandardCharsets.UTF_8))) {
            JsonNode connect = json(good.next()).path("connect");
            lazy.next();
            for (int i = 0; i < 2; i++) {
                assertThat(Await.take(good.messages, Duration.ofSeconds(4), "ping")).isEqualTo("{}");
                assertThat(emulateJson(connect, "{}")).isEqualTo(204);
            }
            assertThat(Await.take(lazy.messages, Duration.ofSeconds(4), "ping")).isEqualTo("{}");
            JsonNode d = json(Await.take(lazy.messages, Duration.ofSeconds(4), "disconnect push")).path("push").path("disconnect");
            assertThat(d.path("code").asInt()).isEqualTo(3012);
            Await.get(lazy.ended, "end of the lazy stream");
            assertThat(good.ended).isNotDone();
        }
    }

    @Test
    void httpStreamProtobufUsesDelimitedFramesBothWays() throws Exception {
        String user = unique("u");
        Command connect = Command.newBuilder().setId(1)
                .setConnect(ConnectRequest.newBuilder().setToken(ServerFixture.token(user))).build();
        try (StreamClient s = StreamClient.post(url("/connection/http_stream"), "application/octet-stream",
                delimited(connect))) {
            assertThat(s.status).isEqualTo(200);
            InputStream in = s.response.body();
            Reply r = Reply.parseDelimitedFrom(in);
            assertThat(r.getConnect().getSession()).isNotEmpty();
            String ch = unique("chat:p");
            byte[] sub = delimited(Command.newBuilder().setId(2).setSubscribe(SubscribeRequest.newBuilder().setChannel(ch)).build(),
                    Command.newBuilder().setId(3).setPublish(PublishRequest.newBuilder().setChannel(ch)
                            .setData(com.google.protobuf.ByteString.copyFromUtf8("{\"from\":\"client\"}"))).build());
            EmulationRequest er = EmulationRequest.newBuilder().setNode(r.getConnect().getNode())
                    .setSession(r.getConnect().getSession()).setData(com.google.protobuf.ByteString.copyFrom(sub)).build();
            assertThat(emulate(er.toByteArray(), "application/octet-stream").statusCode()).isEqualTo(204);
            List<Reply> seen = new java.util.ArrayList<>();
            // chat pushes the subscriber's own join first; wait for the publication.
            while (seen.stream().noneMatch(x -> x.getPush().hasPub())) {
                Reply next = Reply.parseDelimitedFrom(in);
                if (!next.equals(Reply.getDefaultInstance())) {
                    seen.add(next);
                }
            }
            assertThat(seen.get(0).getId()).isEqualTo(2);
            assertThat(seen.get(0).hasSubscribe()).isTrue();
            Reply push = seen.stream().filter(x -> x.getPush().hasPub()).findFirst().orElseThrow();
            assertThat(push.getPush().getPub().getData().toStringUtf8()).isEqualTo("{\"from\":\"client\"}");
        }
    }

    private static byte[] delimited(Command... commands) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Command c : commands) {
            c.writeDelimitedTo(out);
        }
        return out.toByteArray();
    }

    @Test
    void sseOpensWithALineBreakThenDataEvents() {
        String q = URLEncoder.encode(connectFrame(unique("u")), StandardCharsets.UTF_8);
        try (StreamClient s = StreamClient.get(url("/connection/sse?cf_connect=" + q))) {
            assertThat(s.status).isEqualTo(200);
            assertThat(s.response.headers().firstValue("content-type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("text/event-stream"));
            JsonNode connect = json(s.next()).path("connect");
            String ch = unique("feed:s");
            assertThat(emulateJson(connect, "{\"id\":2,\"subscribe\":{\"channel\":\"" + ch + "\"}}")).isEqualTo(204);
            assertThat(json(s.nextNonPing()).path("subscribe").isObject()).isTrue();
            server.publish(ch, "{\"n\":2}");
            assertThat(json(s.nextNonPing()).path("push").path("pub").path("data").path("n").asInt()).isEqualTo(2);
        }
        assertThat(StreamClient.get(url("/connection/sse")).status).as("GET without cf_connect").isEqualTo(400);
    }

    @Test
    void malformedEmulationRequestsGetClearErrorsAndLeaveOtherClientsAlone() {
        try (StreamClient s = StreamClient.post(url("/connection/http_stream"), "application/json",
                connectFrame(unique("u")).getBytes(StandardCharsets.UTF_8))) {
            JsonNode connect = json(s.next()).path("connect");
            assertThat(emulate("not json", "application/json").statusCode()).isEqualTo(400);
            assertThat(emulate("{\"session\":5}", "application/json").statusCode()).isEqualTo(400);
            assertThat(emulate(new byte[] {(byte) 0xff, 1, 2}, "application/octet-stream").statusCode()).isEqualTo(400);
            assertThat(emulate("{\"node\":\"other\",\"session\":\"x\",\"data\":\"{}\"}", "application/json").statusCode())
                    .isEqualTo(404);
            assertThat(emulateJson(json("{\"node\":" + ServerFixture.quote(connect.path("node").asText())
                    + ",\"session\":\"gone\"}"), "{}")).isEqualTo(404);
            assertThat(emulate("{\"data\":\"" + "x".repeat(70_000) + "\"}", "application/json").statusCode())
                    .isEqualTo(413);
            assertThat(StreamClient.send(HttpRequest.newBuilder(URI.create(url("/emulation"))).GET().build())
                    .statusCode()).isEqualTo(405);
            String ch = unique("chat:m");
            assertThat(emulateJson(connect, "{\"id\":2,\"subscribe\":{\"channel\":\"" + ch + "\"}}")).isEqualTo(204);
            assertThat(json(s.nextNonPing()).path("id").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aBadFrameThroughTheEmulationEndpointClosesThatConnectionWith3501() throws Throwable {
        try (StreamClient s = StreamClient.post(url("/connection/http_stream"), "application/json",
                connectFrame(unique("u")).getBytes(StandardCharsets.UTF_8))) {
            JsonNode connect = json(s.next()).path("connect");
            assertThat(emulateJson(connect, "{broken")).isEqualTo(204);
            assertThat(json(s.nextNonPing()).path("push").path("disconnect").path("code").asInt()).isEqualTo(3501);
            Await.get(s.ended, "end of stream");
        }
    }

    @Test
    void originBodyLimitAndMethodAreCheckedLikeWebSocket() {
        HttpRequest foreign = HttpRequest.newBuilder(URI.create(url("/connection/http_stream")))
                .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.ofString(connectFrame("x"))).build();
        assertThat(StreamClient.send(foreign).statusCode()).isEqualTo(403);
        HttpRequest preflight = HttpRequest.newBuilder(URI.create(url("/connection/http_stream")))
                .header("Origin", GOOD_ORIGIN).method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> p = StreamClient.send(preflight);
        assertThat(p.statusCode()).isEqualTo(204);
        assertThat(p.headers().firstValue("access-control-allow-origin")).hasValue(GOOD_ORIGIN);
        assertThat(p.headers().firstValue("access-control-max-age")).hasValue("300");
        HttpRequest big = HttpRequest.newBuilder(URI.create(url("/connection/http_stream")))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(5000))).build();
        assertThat(StreamClient.send(big).statusCode()).isEqualTo(413);
        assertThat(StreamClient.send(HttpRequest.newBuilder(URI.create(url("/connection/http_stream"))).GET().build())
                .statusCode()).isEqualTo(405);
        assertThat(StreamClient.send(HttpRequest.newBuilder(URI.create(url("/connection/uni_websocket"))).GET().build())
                .statusCode()).as("uni_websocket is off").isEqualTo(404);
    }

    @Test
    void uniSseStreamsBarePushesAndPingsWithoutPongs() {
        String user = unique("u");
        String ch = unique("feed:u");
        String req = "{\"token\":\"" + ServerFixture.token(Map.of("sub", user, "channels", List.of(ch))) + "\"}";
        try (StreamClient s = StreamClient.get(url("/connection/uni_sse?cf_connect=" + URLEncoder.encode(req, StandardCharsets.UTF_8)))) {
            JsonNode connect = json(s.next()).path("connect");
            assertThat(connect.path("session").asText()).isNotEmpty();
            assertThat(connect.has("pong")).isFalse();
            assertThat(connect.has("node")).isFalse();
            assertThat(connect.path("subs").has(ch)).isTrue();
            server.publish(ch, "{\"n\":3}");
            JsonNode pub = json(s.nextNonPing());
            assertThat(pub.path("channel").asText()).isEqualTo(ch);
            assertThat(pub.path("pub").path("data").path("n").asInt()).isEqualTo(3);
            // Pings keep coming although the client never answers.
            for (int i = 0; i < 2; i++) {
                assertThat(Await.take(s.messages, Duration.ofSeconds(4), "ping")).isEqualTo("{}");
            }
        }
        assertThat(StreamClient.get(url("/connection/uni_sse?cf_connect=%7Bbroken")).status).isEqualTo(400);
    }

    @Test
    void uniHttpStreamEndsWithTheDisconnectPush() throws Throwable {
        String user = unique("u");
        String ch = unique("feed:h");
        String req = "{\n \"token\": \"" + ServerFixture.token(Map.of("sub", user, "channels", List.of(ch))) + "\"\n}";
        try (StreamClient s = StreamClient.post(url("/connection/uni_http_stream"), "application/json",
                req.getBytes(StandardCharsets.UTF_8))) {
            assertThat(json(s.next()).path("connect").path("client").asText()).isNotEmpty();
            server.publish(ch, "{\"n\":4}");
            assertThat(json(s.nextNonPing()).path("pub").path("data").path("n").asInt()).isEqualTo(4);
            server.apiOk("disconnect", "{\"user\":\"" + user + "\",\"disconnect\":{\"code\":4100,\"reason\":\"later\"}}");
            JsonNode d = json(s.nextNonPing()).path("disconnect");
            assertThat(d.path("code").asInt()).isEqualTo(4100);
            assertThat(d.path("reason").asText()).isEqualTo("later");
            Await.get(s.ended, "end of stream");
        }
    }

    @Test
    void uniConnectErrorsBecomeDisconnects() throws Throwable {
        String expired = ServerFixture.token(Map.of("sub", "x", "exp", System.currentTimeMillis() / 1000 - 60));
        try (StreamClient s = StreamClient.post(url("/connection/uni_http_stream"), "application/json",
                ("{\"token\":\"" + expired + "\"}").getBytes(StandardCharsets.UTF_8))) {
            assertThat(json(s.next()).path("disconnect").path("code").asInt()).isEqualTo(3005);
            Await.get(s.ended, "end of stream");
        }
    }
}
