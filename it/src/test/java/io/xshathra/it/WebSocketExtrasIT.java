package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.testkit.RawSocketWs;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The unidirectional WebSocket and permessage-deflate, over a raw socket so the test sees the
 * handshake headers and each frame's RSV1 bit: one client negotiates compression, one does not.
 */
class WebSocketExtrasIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String DEFLATE = "permessage-deflate; client_max_window_bits";
    private static ServerFixture server;

    @BeforeAll
    static void start() {
        server = ServerFixture.builder()
                .set("websocket", Map.of("compression", true, "compression_level", 6, "compression_min_size", 0))
                .set("uni_websocket", Map.of("enabled", true))
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet();
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    /** The next non-ping text message (inflated when compressed). */
    private static String nextText(RawSocketWs ws) throws Exception {
        for (;;) {
            RawSocketWs.Frame f = ws.readFrame();
            if (f.opcode() != 0x1) {
                continue;
            }
            String s = f.compressed() ? ws.inflate(f.payload()) : f.text();
            if (!s.equals("{}")) {
                return s;
            }
        }
    }

    @Test
    void uniWebSocketTakesTheConnectRequestFromTheFirstMessage() throws Exception {
        String user = unique("u");
        String ch = unique("feed:w");
        try (RawSocketWs ws = RawSocketWs.connect(server.port(), "/realtime/connection/uni_websocket", 0, Map.of())) {
            assertThat(ws.status).isEqualTo(101);
            ws.sendText("{\"token\":\"" + ServerFixture.token(Map.of("sub", user, "channels", List.of(ch))) + "\"}");
            JsonNode connect = json(nextText(ws)).path("connect");
            assertThat(connect.path("session").asText()).isNotEmpty();
            server.publish(ch, "{\"n\":1}");
            JsonNode pub = json(nextText(ws));
            assertThat(pub.path("channel").asText()).isEqualTo(ch);
            assertThat(pub.path("pub").path("data").path("n").asInt()).isEqualTo(1);
            server.apiOk("disconnect", "{\"user\":\"" + user + "\",\"disconnect\":{\"code\":4200,\"reason\":\"bye\"}}");
            assertThat(json(nextText(ws)).path("disconnect").path("code").asInt()).isEqualTo(4200);
            assertThat(ws.drainToClose(Duration.ofSeconds(5))).isEqualTo("4200 bye");
        }
    }

    @Test
    void uniWebSocketTakesCfConnectAndRefusesABadOneBeforeTheUpgrade() throws Exception {
        String ch = unique("feed:q");
        String q = URLEncoder.encode("{\"token\":\"" + ServerFixture.token(Map.of("sub", unique("u"), "channels", List.of(ch)))
                + "\"}", StandardCharsets.UTF_8);
        try (RawSocketWs ws = RawSocketWs.connect(server.port(), "/connection/uni_websocket?cf_connect=" + q, 0, Map.of())) {
            assertThat(json(nextText(ws)).path("connect").path("subs").has(ch)).isTrue();
        }
        try (RawSocketWs ws = RawSocketWs.connect(server.port(), "/connection/uni_websocket?cf_connect=%7Bx", 0, Map.of())) {
            assertThat(ws.status).isEqualTo(400);
        }
        try (RawSocketWs ws = RawSocketWs.connect(server.port(), "/connection/uni_websocket", 0, Map.of())) {
            ws.sendText("not json");
            assertThat(ws.drainToClose(Duration.ofSeconds(5))).isEqualTo("3501 bad request");
        }
    }

    @Test
    void aClientThatOffersDeflateGetsCompressedFramesBothWays() throws Exception {
        try (RawSocketWs ws = RawSocketWs.connect(server.port(), "/realtime/connection/websocket", 0,
                Map.of("Sec-WebSocket-Extensions", DEFLATE))) {
            assertThat(ws.status).isEqualTo(101);
            assertThat(ws.headers.get("sec-websocket-extensions")).startsWith("permessage-deflate");
            ws.sendCompressedText("{\"id\":1,\"connect\":{\"token\":\"" + ServerFixture.token(unique("u")) + "\"}}");
            RawSocketWs.Frame f = ws.readFrame();
            assertThat(f.compressed()).isTrue();
            assertThat(json(ws.inflate(f.payload())).path("connect").path("client").asText()).isNotEmpty();
            String ch = unique("feed:z");
            ws.sendText("{\"id\":2,\"subscribe\":{\"channel\":\"" + ch + "\"}}");
            assertThat(json(nextText(ws)).path("id").asInt()).isEqualTo(2);
            server.publish(ch, "{\"text\":\"" + "compress me ".repeat(50) + "\"}");
            RawSocketWs.Frame pub = ws.readFrame();
            assertThat(pub.compressed()).isTrue();
            assertThat(pub.payload().length).isLessThan(300);
            assertThat(json(ws.inflate(pub.payload())).path("push").path("pub").isObject()).isTrue();
        }
    }

    @Test
    void aClientThatDoesNotOfferDeflateGetsPlainFrames() throws Exception {
        try (RawSocketWs ws = RawSocketWs.connect(server.port(), "/realtime/connection/websocket", 0, Map.of())) {
            assertThat(ws.status).isEqualTo(101);
            assertThat(ws.headers).doesNotContainKey("sec-websocket-extensions");
            ws.sendText("{\"id\":1,\"connect\":{\"token\":\"" + ServerFixture.token(unique("u")) + "\"}}");
            RawSocketWs.Frame f = ws.readFrame();
            assertThat(f.compressed()).isFalse();
            assertThat(json(f.text()).path("connect").path("client").asText()).isNotEmpty();
        }
    }
}
