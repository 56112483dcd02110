package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.EngineConfig;
import io.xshathra.testkit.Await;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading, over a real socket with a small receive buffer: once the kernel
 * buffers are full and bytes wait in the server longer than {@code websocket.write_timeout}, the
 * server drops the connection (3009, without a close frame, which could not be delivered). The
 * client queue limit is set far above what is published, so the slow-client rule (3008) cannot be
 * what closes it; with the timeout off the same client stays connected.
 */
class WriteTimeoutIT {
    private static final int MESSAGES = 300;
    private static final int MESSAGE_BYTES = 60_000;

    private static EngineConfig config(Duration writeTimeout) {
        EngineConfig base = TestServer.config();
        return base.withClient(base.client().withQueueMaxSize(256L << 20))
                .withWebSocket(new EngineConfig.WebSocket(base.websocket().messageSizeLimit(), writeTimeout));
    }

    /** Handshake and connect with a token that subscribes the connection to {@code channel}. */
    private static Socket stalledClient(int port, String channel) throws IOException {
        Socket s = RawWebSocket.upgraded(port, true);
        OutputStream out = s.getOutputStream();
        String token = TestServer.token(Map.of("sub", "slow-reader", "channels", java.util.List.of(channel)));
        out.write(RawWebSocket.masked("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}"));
        out.flush();
        assertThat(RawWebSocket.readFrame(new DataInputStream(s.getInputStream())).text()).contains("\"connect\"");
        return s;
    }

    private static void publishALot(TestServer server, String channel) throws Exception {
        String data = "\"" + "x".repeat(MESSAGE_BYTES) + "\"";
        for (int i = 0; i < MESSAGES; i++) {
            assertThat(server.api("publish", "{\"channel\":\"" + channel + "\",\"data\":" + data + "}").statusCode())
                    .isEqualTo(200);
        }
    }

    private static void awaitClients(TestServer server, int n, Duration within) throws InterruptedException {
        Await.until(within, () -> server.node.numClients() == n, n + " clients within " + within);
    }

    @Test
    void aClientThatStopsReadingIsDroppedAfterTheWriteTimeout() throws Exception {
        try (TestServer server = new TestServer(c -> config(Duration.ofSeconds(1)));
             Socket client = stalledClient(server.server.port(), "stuck")) {
            awaitClients(server, 1, Duration.ofSeconds(5));
            publishALot(server, "stuck");
            long published = System.nanoTime();
            // one to two timeouts, plus room for a slow machine
            awaitClients(server, 0, Duration.ofSeconds(8));
            assertThat(Duration.ofNanos(System.nanoTime() - published)).isLessThan(Duration.ofSeconds(6));
            // What the kernel held arrives, then the end of the stream (possibly inside a frame: the
            // server's unsent bytes were dropped). No close frame: 3008 or any other code sends one.
            DataInputStream in = new DataInputStream(client.getInputStream());
            long frames = 0;
            try {
                for (int b0 = in.read(); b0 >= 0; b0 = in.read()) {
                    assertThat(b0 & 0x0f).as("opcode of frame %d", frames).isEqualTo(1);
                    long len = in.readUnsignedByte() & 0x7f;
                    len = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
                    in.skipNBytes(len);
                    frames++;
                }
            } catch (java.io.EOFException cutShort) {
                // the last frame was cut
            }
            assertThat(frames).isPositive().isLessThan(MESSAGES);
        }
    }

    @Test
    void withoutAWriteTimeoutTheSameClientStays() throws Exception {
        try (TestServer server = new TestServer(c -> config(Duration.ZERO));
             Socket client = stalledClient(server.server.port(), "stuck")) {
            awaitClients(server, 1, Duration.ofSeconds(5));
            publishALot(server, "stuck");
            Await.quietFor(Duration.ofMillis(2500), () -> server.node.numClients() != 1,
                    "the stalled client stays without a write timeout");
            assertThat(server.node.numClients()).isEqualTo(1);
        }
    }
}
