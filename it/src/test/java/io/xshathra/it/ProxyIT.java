package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.xshathra.testkit.WsClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole server with proxies to a real HTTP backend, driven by a real WebSocket client: the
 * connect proxy learns the user from a forwarded request header, RPC and subscribe calls carry
 * that user, and the backend's answers come back as replies.
 */
class ProxyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BlockingQueue<JsonNode> RECEIVED = new LinkedBlockingQueue<>();
    private static HttpServer backend;
    private static ServerFixture server;

    @BeforeAll
    static void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/", ex -> {
            try (ex) {
                ObjectNode body = (ObjectNode) JSON.readTree(ex.getRequestBody().readAllBytes());
                body.put("path", ex.getRequestURI().getPath());
                body.put("header", String.valueOf(ex.getRequestHeaders().getFirst("X-Forwarded-User")));
                RECEIVED.add(body);
                byte[] out = JSON.writeValueAsBytes(answer(body));
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, out.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        });
        backend.start();
        String base = "http://127.0.0.1:" + backend.getAddress().getPort();
        server = ServerFixture.builder()
                .client("proxy", Map.of("connect", Map.of("enabled", true, "endpoint", base + "/connect",
                        "http_headers", List.of("X-Forwarded-User"))))
                .set("rpc", Map.of("proxy", Map.of("endpoint", base + "/rpc"),
                        "without_namespace", Map.of("proxy_enabled", true)))
                .set("channel", Map.of("proxy", Map.of("subscribe", Map.of("endpoint", base + "/subscribe")),
                        "namespaces", List.of(Map.of("name", "px", "subscribe_proxy_enabled", true))))
                .start();
    }

    private static Map<String, Object> answer(JsonNode req) {
        switch (req.get("path").asText()) {
            case "/connect":
                return Map.of("result", Map.of("user", req.get("header").asText(), "data", Map.of("hi", 1)));
            case "/rpc":
                return Map.of("result", Map.of("data", Map.of("user", req.path("user").asText())));
            default:
                return req.get("channel").asText().endsWith("no")
                        ? Map.of("error", Map.of("code", 403, "message", "no"))
                        : Map.of("result", Map.of("data", Map.of("ok", true)));
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.stop(0);
        }
    }

    private static JsonNode next() throws InterruptedException {
        JsonNode r = RECEIVED.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("a proxy request within 5 s").isNotNull();
        return r;
    }

    @Test
    void forwardedHeaderNamesTheUserAndCommandsReachTheBackend() throws Exception {
        try (WsClient ws = WsClient.open(server.wsUrl(), new WsClient.Options().header("X-Forwarded-User", "bob"))) {
            ws.send("{\"id\":1,\"connect\":{\"data\":{\"app\":\"it\"}}}");
            JsonNode connect = JSON.readTree(ws.nextLine());
            assertThat(connect.path("connect").path("data")).isEqualTo(JSON.readTree("{\"hi\":1}"));
            JsonNode req = next();
            assertThat(req.get("path").asText()).isEqualTo("/connect");
            assertThat(req.get("header").asText()).isEqualTo("bob");
            assertThat(req.get("transport").asText()).isEqualTo("websocket");
            assertThat(req.get("protocol").asText()).isEqualTo("json");
            assertThat(req.get("client").asText()).isEqualTo(connect.path("connect").path("client").asText());
            assertThat(req.get("data")).isEqualTo(JSON.readTree("{\"app\":\"it\"}"));

            ws.send("{\"id\":2,\"rpc\":{\"method\":\"who\",\"data\":{}}}");
            assertThat(JSON.readTree(ws.nextLine()).path("rpc").path("data").path("user").asText()).isEqualTo("bob");
            assertThat(next().get("path").asText()).isEqualTo("/rpc");

            ws.send("{\"id\":3,\"subscribe\":{\"channel\":\"px:yes\"}}");
            assertThat(JSON.readTree(ws.nextLine()).path("subscribe").path("data").path("ok").asBoolean()).isTrue();
            JsonNode sub = next();
            assertThat(sub.get("user").asText()).isEqualTo("bob");
            assertThat(sub.get("channel").asText()).isEqualTo("px:yes");

            ws.send("{\"id\":4,\"subscribe\":{\"channel\":\"px:no\"}}");
            JsonNode refused = JSON.readTree(ws.nextLine());
            assertThat(refused.path("error").path("code").asInt()).isEqualTo(403);
            assertThat(refused.path("error").path("message").asText()).isEqualTo("no");
            next();
        }
    }
}
