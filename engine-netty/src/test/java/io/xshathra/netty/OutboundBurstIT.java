package io.xshathra.netty;

import static io.xshathra.netty.RawWebSocket.connected;
import static io.xshathra.netty.RawWebSocket.readFrame;
import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.netty.RawWebSocket.Frame;
import io.xshathra.testkit.Await;
import java.io.DataInputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection's outbound side ({@link Outbound}) over real loopback sockets: a burst larger than
 * the kernel's buffers, published while the client reads nothing, waits partly in the channel's
 * outbound queue and arrives whole and in order once the client reads; a peer that reset its
 * connection is dropped when a write fails, and the other subscribers are not disturbed.
 */
class OutboundBurstIT {
    private static final Pattern INDEX = Pattern.compile("\"i\":(\\d+)");
    /** More than the server's socket send buffer (at most 4 MiB here) and the client's receive buffer together. */
    private static final int MESSAGES = 200;
    private static final String PAD = "x".repeat(32 * 1024);

    private final TestServer server;

    OutboundBurstIT() throws InterruptedException {
        server = new TestServer(c -> c.withClient(c.client().withQueueMaxSize(64L << 20)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void publish(int i) throws Exception {
        var r = server.api("publish", "{\"channel\":\"chat:x\",\"data\":{\"i\":" + i + ",\"pad\":\"" + PAD + "\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("\"error\"");
    }

    @Test
    void aBurstLargerThanTheSocketBuffersArrivesWholeAndInOrder() throws Exception {
        try (Socket client = connected(server.server.port(), "reader", true)) {
            // The client reads nothing while the burst is published: the kernel's buffers fill
            // and the rest waits in the connection's pipeline queue.
            for (int i = 0; i < MESSAGES; i++) {
                publish(i);
            }
            DataInputStream in = new DataInputStream(client.getInputStream());
            int expected = 0;
            while (expected < MESSAGES) {
                Frame f = readFrame(in);
                assertThat(f.opcode()).as("no close: %s", f.opcode() == 8 ? f.closeCode() : 0).isNotEqualTo(8);
                Matcher m = INDEX.matcher(f.text());
                while (m.find()) {
                    assertThat(Integer.parseInt(m.group(1))).as("publications in order, none lost").isEqualTo(expected);
                    expected++;
                }
                assertThat(f.text()).contains(PAD);
            }
            assertThat(server.node.numClients()).isEqualTo(1);
        }
    }

    @Test
    void aPeerThatResetItsConnectionIsDroppedAtTheWrite() throws Exception {
        try (Socket other = connected(server.server.port(), "other", false)) {
            Socket gone = connected(server.server.port(), "gone", false);
            gone.setSoLinger(true, 0);
            gone.close(); // a reset: the server may learn of it only when it writes
            for (int i = 0; i < 3; i++) {
                publish(i);
            }
            Await.until(Duration.ofSeconds(10), () -> server.node.numClients() == 1, "the reset connection is dropped");
            DataInputStream in = new DataInputStream(other.getInputStream());
            int expected = 0;
            while (expected < 3) {
                Matcher m = INDEX.matcher(readFrame(in).text());
                while (m.find()) {
                    assertThat(Integer.parseInt(m.group(1))).isEqualTo(expected++);
                }
            }
        }
    }
}
