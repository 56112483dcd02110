package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests the edge fuzzer found answered with 500: each is the client's error, answered 400. */
class MalformedRequestTest {
    private final FuzzEdge edge = new FuzzEdge();
    private final TrackingAllocator allocator = new TrackingAllocator();
    private final EmbeddedChannel ch = edge.connection(allocator);

    @AfterEach
    void close() {
        FuzzEdge.finish(ch, allocator, new byte[0]);
        edge.close();
    }

    private String send(String request) {
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        ch.runPendingTasks();
        return FuzzEdge.drain(ch);
    }

    @Test
    void aBadEscapeInTheQueryIsABadRequest() {
        assertThat(send("GET /connection/sse?cf_connect=%\u0000B HTTP/1.1\r\nHost: x\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ");
        assertThat(send("POST /api/info?api_key=%zz HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"))
                .startsWith("HTTP/1.1 400 ");
    }

    @Test
    void anUpgradeThatIsNotAGetIsABadRequest() {
        assertThat(send("ET /connection/websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void aPlainRequestOnTheWebSocketPathIsABadRequestAsInCentrifugo() {
        String get = send("GET /connection/websocket HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(get).startsWith("HTTP/1.1 400 ").containsIgnoringCase("sec-websocket-version: 13")
                .endsWith("\r\n\r\nBad Request\n");
        assertThat(send("POST /connection/websocket HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ");
    }

    @Test
    void anUpgradeWithoutVersionOrKeyIsABadRequest() {
        assertThat(send("GET /connection/websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ");
        assertThat(send("GET /connection/websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void anUpgradeHeaderWithAnEmptyElementIsABadRequest() {
        assertThat(send("GET /connection/websocket HTTP/1.1\r\nHost: x\r\nUpgrade:,websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void aWellFormedUpgradeStillSwitchesProtocols() {
        assertThat(send("GET /connection/websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n")).startsWith("HTTP/1.1 101 ");
    }
}
