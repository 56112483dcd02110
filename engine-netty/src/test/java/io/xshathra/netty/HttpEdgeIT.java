package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.testkit.Await;
import io.xshathra.testkit.RawHttp;
import io.xshathra.testkit.WsClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP edge over real loopback sockets with short deadlines (head 300 ms, body 600 ms, idle
 * 400 ms): silent, half-sent and trickling connections are closed within them, malformed and
 * oversized requests get their JSON refusals, pipelined requests are answered in order with the
 * slow one first, and a WebSocket or an SSE stream outlives every HTTP deadline.
 */
class HttpEdgeIT {
    private static final HttpEdgeSettings LIMITS = HttpEdgeSettings.defaults().withTimeouts(Duration.ofMillis(300),
            Duration.ofMillis(600), Duration.ofMillis(400), Duration.ofSeconds(5));
    /** Generous room for a slow machine above each deadline. */
    private static final long SLACK_MS = 3000;

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<FullHttpResponse> held = new CompletableFuture<>();
    private Node node;
    private NettyServer server;

    private final HttpRoute routes = new HttpRoute() {
        @Override
        public boolean matches(String path) {
            return path.startsWith("/t/");
        }

        @Override
        public CompletionStage<FullHttpResponse> handle(FullHttpRequest req, String path) {
            events.add("handle " + path);
            if (path.equals("/t/held")) {
                return held;
            }
            return CompletableFuture.completedFuture(HttpResponses.text(HttpResponseStatus.OK, "ok " + path));
        }
    };

    @BeforeEach
    void start() throws InterruptedException {
        node = EngineParts.builder(TestServer.config(), Clock.systemUTC()).version("test").build();
        TransportSettings.Endpoint off = TransportSettings.Endpoint.off();
        TransportSettings transports = new TransportSettings(Set.of("/realtime/connection/websocket"),
                TransportSettings.Compression.off(), off,
                new TransportSettings.Endpoint(true, Set.of("/realtime/connection/sse"), 65536),
                new TransportSettings.Endpoint(true, Set.of("/realtime/emulation"), 65536),
                TransportSettings.UniWebSocket.off(), off, off);
        server = NettyServer.start(node, new NettyServer.Options("127.0.0.1", 0, transports, LIMITS, 1),
                List.of(routes, new HealthRoute(Set.of("/realtime/health")),
                        new ApiRoute(new ApiExecutor(node.api()), node.config().httpApi(), node.metrics(),
                                List.of("/realtime/api"))));
    }

    @AfterEach
    void stop() {
        held.complete(HttpResponses.empty(HttpResponseStatus.OK));
        server.close();
    }

    @Test
    void aSilentConnectionIsClosedAfterTheHeaderTimeout() throws IOException {
        try (RawHttp c = new RawHttp(server.port())) {
            assertThat(c.awaitClosed(300 + SLACK_MS)).isGreaterThanOrEqualTo(250);
        }
    }

    @Test
    void partialHeadersAreClosedAfterTheHeaderTimeout() throws IOException {
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("GET /t/a HTTP/1.1\r\nHost: x\r\nX-Partial: ");
            RawHttp.Answer a = c.read();
            assertThat(a.status()).isEqualTo(408);
            assertThat(a.body()).contains("\"code\":\"request_timeout\"");
            c.awaitClosed(SLACK_MS);
        }
    }

    @Test
    void aTrickledBodyIsClosedAtTheBodyDeadline() throws IOException {
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("POST /t/a HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
            long start = System.nanoTime();
            c.socket().setSoTimeout(50);
            boolean closed = false;
            // One byte every 50 ms: an idle timer per byte would never fire.
            while (!closed && (System.nanoTime() - start) / 1_000_000 < 600 + SLACK_MS) {
                try {
                    c.send("x");
                    closed = c.socket().getInputStream().read() >= -1;
                } catch (java.net.SocketTimeoutException e) {
                    closed = false;
                } catch (IOException e) {
                    closed = true;
                }
            }
            assertThat(closed).as("closed by the body deadline").isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).as("not before it").isGreaterThanOrEqualTo(500);
            assertThat(events).isEmpty();
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws IOException {
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("GET /t/a HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().body()).isEqualTo("ok /t/a");
            assertThat(c.awaitClosed(400 + SLACK_MS)).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void aBadHeaderNameIs400() throws IOException {
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("GET /t/a HTTP/1.1\r\nHost: x\r\nBad\u0001Name: v\r\n\r\n");
            RawHttp.Answer a = c.read();
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.headers()).containsEntry("content-type", "application/json");
            assertThat(a.body()).contains("\"code\":\"bad_request\"");
            c.awaitClosed(SLACK_MS);
        }
    }

    @Test
    void oversizedHeadersAre431() throws IOException {
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("GET /t/a HTTP/1.1\r\nHost: x\r\nCookie: " + "c".repeat(20_000) + "\r\n\r\n");
            RawHttp.Answer a = c.read();
            assertThat(a.status()).isEqualTo(431);
            assertThat(a.body()).contains("\"code\":\"headers_too_large\"");
        }
    }

    @Test
    void aTooLargeBodyIs413WithTheJsonError() throws IOException {
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("POST /t/a HTTP/1.1\r\nHost: x\r\nContent-Length: " + (NettyServer.MAX_HTTP_BODY + 1)
                    + "\r\nConnection: close\r\n\r\n");
            RawHttp.Answer a = c.read();
            assertThat(a.status()).isEqualTo(413);
            assertThat(a.headers()).containsEntry("content-type", "application/json");
            assertThat(a.body()).isEqualTo("{\"error\":{\"code\":\"body_too_large\",\"message\":"
                    + "\"The request body is larger than " + NettyServer.MAX_HTTP_BODY + " bytes.\"}}");
        }
    }

    @Test
    void seventyFivePipelinedRequestsAreAnsweredInOrderWhileTheFirstIsHeldBack() throws Exception {
        StringBuilder pipelined = new StringBuilder("POST /t/held HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
        List<String> expected = new java.util.ArrayList<>(List.of("handle /t/held", "held answered"));
        for (int i = 1; i < 75; i++) {
            pipelined.append("GET /t/p").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            expected.add("handle /t/p" + i);
        }
        try (RawHttp c = new RawHttp(server.port())) {
            c.send(pipelined.toString());
            Await.holdsWithin(Duration.ofSeconds(5), () -> events.contains("handle /t/held"));
            events.add("held answered");
            held.complete(HttpResponses.text(HttpResponseStatus.OK, "held done"));
            assertThat(c.read().body()).isEqualTo("held done");
            for (int i = 1; i < 75; i++) {
                assertThat(c.read().body()).isEqualTo("ok /t/p" + i);
            }
            assertThat(events).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void anSseStreamOutlivesEveryHttpDeadline() throws Exception {
        String connect = URLEncoder.encode("{\"id\":1,\"connect\":{\"token\":\"" + TestServer.token("sse-user")
                + "\"}}", StandardCharsets.UTF_8);
        try (RawHttp sse = new RawHttp(server.port())) {
            sse.send("GET /realtime/connection/sse?cf_connect=" + connect + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(sse.readUntil("\"connect\"", SLACK_MS)).startsWith("HTTP/1.1 200 ");
            outliveDeadlines();
            try (RawHttp api = new RawHttp(server.port())) {
                String body = "{\"user\":\"sse-user\"}";
                api.send("POST /realtime/api/disconnect HTTP/1.1\r\nHost: x\r\nX-API-Key: " + TestServer.API_KEY
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
                assertThat(api.read().status()).isEqualTo(200);
            }
            assertThat(sse.readUntil("disconnect", SLACK_MS)).contains("disconnect");
        }
    }

    /** Returns once a silent connection and an idle keep-alive one, opened now, were both closed. */
    private void outliveDeadlines() throws IOException {
        try (RawHttp silent = new RawHttp(server.port()); RawHttp idle = new RawHttp(server.port())) {
            idle.send("GET /realtime/health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(idle.read().status()).isEqualTo(200);
            silent.awaitClosed(300 + SLACK_MS);
            idle.awaitClosed(400 + SLACK_MS);
        }
    }

    @Test
    void aWebSocketOutlivesEveryHttpDeadline() throws Exception {
        WsClient ws = WsClient.manual("ws://127.0.0.1:" + server.port() + "/realtime/connection/websocket");
        try {
            outliveDeadlines();
            ws.send("{\"id\":1,\"connect\":{\"token\":\"" + TestServer.token("u1") + "\"}}");
            assertThat(ws.next()).contains("\"id\":1").contains("\"connect\"");
        } finally {
            ws.webSocket().sendClose(WebSocket.NORMAL_CLOSURE, "");
        }
    }
}
