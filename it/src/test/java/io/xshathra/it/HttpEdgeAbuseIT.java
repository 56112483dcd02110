package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.testkit.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slow and half-open connections against the real server: a few hundred sockets that stay
 * silent, send half a request head, or trickle a body a byte every 200 ms are all closed within
 * the configured HTTP deadlines (head 1 s, body 2 s), while a normal request keeps being answered
 * at once. Runs in a few seconds.
 */
class HttpEdgeAbuseIT {
    private static final int EACH = 100;
    private static final Duration SLACK = Duration.ofSeconds(6);
    private static final long TRICKLE_EVERY_NANOS = Duration.ofMillis(200).toNanos();

    /** One abusive connection and what it does. */
    private record Abuser(SocketChannel channel, String kind) {
    }

    @Test
    void slowAndPartialConnectionsAreClosedWhileNormalRequestsAreAnswered() throws Exception {
        try (ServerFixture server = ServerFixture.builder()
                .set("http_server", Map.of("read_header_timeout", "1s", "read_body_timeout", "2s",
                        "idle_timeout", "1s"))
                .start()) {
            List<Abuser> open = new ArrayList<>();
            try {
                for (int i = 0; i < EACH; i++) {
                    open.add(start(server.port(), "silent", ""));
                    open.add(start(server.port(), "partial-head", "GET /realtime/health HTTP/1.1\r\nHost: x\r\nX-Slow: "));
                    open.add(start(server.port(), "trickled-body",
                            "POST /realtime/api/info HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n{"));
                }
                long begin = System.nanoTime();
                assertQuickHealth(server.port());
                List<Abuser> remaining = new ArrayList<>(open);
                long deadline = begin + Duration.ofSeconds(2).plus(SLACK).toNanos();
                long nextTrickle = begin + TRICKLE_EVERY_NANOS;
                long nextHealth = begin + Duration.ofMillis(500).toNanos();
                while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                    boolean trickle = System.nanoTime() >= nextTrickle;
                    if (trickle) {
                        nextTrickle += TRICKLE_EVERY_NANOS;
                    }
                    for (Abuser a : List.copyOf(remaining)) {
                        if (trickle && a.kind().equals("trickled-body")) {
                            write(a.channel(), " ");
                        }
                        if (closedByServer(a.channel())) {
                            remaining.remove(a);
                        }
                    }
                    if (System.nanoTime() >= nextHealth) {
                        assertQuickHealth(server.port());
                        nextHealth += Duration.ofMillis(500).toNanos();
                    }
                    Await.pace(Duration.ofMillis(10), "the loop's tick: trickle a byte, look for closes, probe health");
                }
                assertThat(remaining).as("connections still open %d ms after the deadlines",
                        SLACK.toMillis()).isEmpty();
                assertThat((System.nanoTime() - begin) / 1_000_000).as("all closed, not before the head deadline")
                        .isGreaterThanOrEqualTo(900);
                assertQuickHealth(server.port());
            } finally {
                for (Abuser a : open) {
                    a.channel().close();
                }
            }
        }
    }

    private static Abuser start(int port, String kind, String firstBytes) throws IOException {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        ch.configureBlocking(false);
        write(ch, firstBytes);
        return new Abuser(ch, kind);
    }

    private static void write(SocketChannel ch, String text) {
        try {
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            // closed by the server already; the next check sees it
        }
    }

    /** Reads and drops whatever the server sent (a 408); true once it closed the connection. */
    private static boolean closedByServer(SocketChannel ch) {
        ByteBuffer buf = ByteBuffer.allocate(1024);
        try {
            int n;
            while ((n = ch.read(buf)) > 0) {
                buf.clear();
            }
            return n < 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** A fresh connection asks for the health endpoint and must be answered within 2 s. */
    private static void assertQuickHealth(int port) throws IOException {
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(2000);
            s.getOutputStream().write("GET /realtime/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 200 ");
        }
        assertThat((System.nanoTime() - start) / 1_000_000).as("health answered in ms").isLessThan(2000);
    }
}
