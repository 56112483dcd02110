package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.EngineConfig;
import io.xshathra.testkit.Await;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(5000);
        OutputStream out = s.getOutputStream();
        out.write(("GET /realtime/connection/websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        DataInputStream in = new DataInputStream(s.getInputStream());
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        String token = TestServer.token(Map.of("sub", "slow-reader", "channels", java.util.List.of(channel)));
        out.write(maskedText("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}"));
        out.flush();
        assertThat(new String(readFrame(in), StandardCharsets.UTF_8)).contains("\"connect\"");
        return s;
    }

    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        int header = payload.length < 126 ? 2 : 4;
        byte[] frame = new byte[header + 4 + payload.length];
        frame[0] = (byte) 0x81;
        if (payload.length < 126) {
            frame[1] = (byte) (0x80 | payload.length);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        }
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    /** One unmasked server frame's payload. */
    private static byte[] readFrame(DataInputStream in) throws IOException {
        in.readUnsignedByte();
        long len = in.readUnsignedByte() & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return payload;
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
