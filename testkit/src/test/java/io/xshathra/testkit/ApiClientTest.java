package io.xshathra.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server API client and the raw HTTP socket against the JDK's HTTP server on loopback. */
class ApiClientTest {
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = exchange.getRequestHeaders().getFirst("X-API-Key");
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            String method = exchange.getRequestURI().getPath().substring("/api/".length());
            boolean ok = "k".equals(key) && method.equals("echo");
            byte[] answer = (ok ? "{\"result\":{\"body\":" + body + ",\"type\":\"" + type + "\"}}" : "{\"error\":1}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    @Test
    void postsWithTheKeyAndOnlyTheHeadersGiven() {
        ApiClient api = new ApiClient(base(), "k");
        assertThat(api.post("echo", "{}").body()).isEqualTo("{\"result\":{\"body\":{},\"type\":\"null\"}}");
        assertThat(api.postOk("echo", "1", Map.of("Content-Type", "application/json")))
                .isEqualTo("{\"result\":{\"body\":1,\"type\":\"application/json\"}}");
        assertThat(new ApiClient(base(), "wrong").post("echo", "{}").statusCode()).isEqualTo(400);
        assertThatThrownBy(() -> api.postOk("other", "{}", Map.of()))
                .isInstanceOf(AssertionError.class).hasMessage("API other {} answered 400 {\"error\":1}");
    }

    @Test
    void rawHttpWritesExactBytesAndReadsTheAnswer() throws IOException {
        try (RawHttp c = new RawHttp(server.getAddress().getPort())) {
            c.send("POST /api/echo HTTP/1.1\r\nHost: x\r\nX-API-Key: k\r\nContent-Length: 2\r\n\r\n[]");
            RawHttp.Answer a = c.read();
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body()).isEqualTo("{\"result\":{\"body\":[],\"type\":\"null\"}}");
            assertThat(a.headers()).containsKey("content-length");
        }
    }
}
