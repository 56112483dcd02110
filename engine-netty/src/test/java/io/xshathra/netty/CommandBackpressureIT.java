package io.xshathra.netty;

import static io.xshathra.netty.RawWebSocket.closeCode;
import static io.xshathra.netty.RawWebSocket.connected;
import static io.xshathra.netty.RawWebSocket.masked;
import static io.xshathra.netty.RawWebSocket.readFrame;
import static io.xshathra.netty.RawWebSocket.replyIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.EngineConfig;
import io.xshathra.netty.RawWebSocket.Frame;
import io.xshathra.testkit.Await;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that pipelines commands over a real socket while its commands wait on a slow broker
 * ({@link HeldPublishBroker}): the server stops reading the socket once a quarter of
 * {@code client.command_queue_limit} commands wait, so the client's writes block and the
 * server holds at most the limit; when the broker answers, the commands are served in order. A
 * client that also does not read is then closed as slow (3008), and so is a frame with more
 * commands than the limit.
 */
class CommandBackpressureIT {
    private static final int LIMIT = 64;
    /** How long a writer that makes no progress at all is taken to be blocked. */
    private static final Duration STALLED = Duration.ofMillis(500);

    private HeldPublishBroker broker;
    private TestServer server;

    private static EngineConfig config(long queueMaxSize) {
        EngineConfig base = TestServer.config();
        return base.withClient(base.client().withCommandQueueLimit(LIMIT).withQueueMaxSize(queueMaxSize));
    }

    private void start(long queueMaxSize) throws InterruptedException {
        server = new TestServer(c -> config(queueMaxSize), b -> broker = new HeldPublishBroker(b));
    }

    @BeforeEach
    void noServerYet() {
        server = null;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            broker.open();
            server.close();
        }
    }

    private static String publish(long id, String data) {
        return "{\"id\":" + id + ",\"publish\":{\"channel\":\"chat:x\",\"data\":" + data + "}}";
    }

    /** Writes publish frames {@code firstId...} until done or the socket fails; counts frames written. */
    private static Thread writer(Socket s, long firstId, int count, String data, AtomicLong written) {
        Thread t = new Thread(() -> {
            try {
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < count; i++) {
                    out.write(masked(publish(firstId + i, data)));
                    written.incrementAndGet();
                }
                out.flush();
            } catch (IOException e) {
                // the server closed the connection: what the slow-client case expects
            }
        }, "flooding-writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        Await.until(within, condition, what);
    }

    /** Waits until the writer has made no progress for half a second: it is blocked on the socket. */
    private static void awaitStalled(AtomicLong written, int total) throws InterruptedException {
        AtomicLong last = new AtomicLong(-1);
        AtomicLong changedAt = new AtomicLong(System.nanoTime());
        Await.until(Duration.ofSeconds(15), () -> {
            long now = written.get();
            assertThat(now).as("the writer must not get everything out").isLessThan(total);
            if (last.getAndSet(now) != now) {
                changedAt.set(System.nanoTime());
                return false;
            }
            return System.nanoTime() - changedAt.get() >= STALLED.toNanos();
        }, "the writer blocks");
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aPipeliningClientIsThrottledAndThenServedInOrder() throws Exception {
        start(64 << 20);
        try (Socket client = connected(server.server.port(), "pipeliner", false)) {
            long received = server.node.metrics().commandsReceived();
            broker.hold();
            int total = 20_000;
            AtomicLong written = new AtomicLong();
            Thread w = writer(client, 3, total, "{\"text\":\"" + "p".repeat(100) + "\"}", written);
            await("reading paused", Duration.ofSeconds(10), () -> server.node.metrics().readPauses() > 0);
            awaitStalled(written, total);
            assertThat(server.node.metrics().commandsReceived() - received)
                    .as("commands the server took while the broker is stuck").isLessThanOrEqualTo(LIMIT);
            assertThat(server.node.numClients()).isEqualTo(1);

            broker.open();
            DataInputStream in = new DataInputStream(client.getInputStream());
            long expected = 3;
            while (expected < 3 + total) {
                Frame f = readFrame(in);
                assertThat(f.opcode()).as("no close: %s", f.opcode() == 8 ? f.closeCode() : 0).isNotEqualTo(8);
                for (long id : replyIds(f)) {
                    assertThat(id).as("replies in command order").isEqualTo(expected);
                    expected++;
                }
            }
            w.join(10_000);
            assertThat(written.get()).isEqualTo(total);
            assertThat(server.node.metrics().commandQueueOverflows()).isZero();
            assertThat(server.node.metrics().readPauses()).isPositive();
            assertThat(server.node.numClients()).isEqualTo(1);
        }
    }

    @Test
    void aClientThatWritesWithoutReadingIsThrottledThenClosedAsSlow() throws Exception {
        start(64 * 1024);
        try (Socket client = connected(server.server.port(), "flooder", true)) {
            long received = server.node.metrics().commandsReceived();
            broker.hold();
            int total = 20_000;
            AtomicLong written = new AtomicLong();
            Thread w = writer(client, 3, total, "\"" + "f".repeat(1000) + "\"", written);
            await("reading paused", Duration.ofSeconds(10), () -> server.node.metrics().readPauses() > 0);
            awaitStalled(written, total);
            assertThat(server.node.metrics().commandsReceived() - received).isLessThanOrEqualTo(LIMIT);
            assertThat(server.node.numClients()).isEqualTo(1);

            broker.open();
            // served again, the client's own publications come back to it; it reads nothing, so they
            // pile up past client.queue_max_size
            await("the flooder is closed", Duration.ofSeconds(15), () -> server.node.numClients() == 0);
            assertThat(closeCode(new DataInputStream(client.getInputStream()))).isEqualTo(3008);
            w.join(10_000);
            assertThat(server.node.metrics().commandQueueOverflows()).isZero();
        }
    }

    @Test
    void aFrameWithMoreCommandsThanTheLimitClosesAsSlow() throws Exception {
        start(1 << 20);
        try (Socket client = connected(server.server.port(), "batcher", false)) {
            broker.hold();
            OutputStream out = client.getOutputStream();
            out.write(masked(publish(3, "{}")));
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i <= LIMIT; i++) {
                batch.append(i == 0 ? "" : "\n").append(publish(4 + i, "{}"));
            }
            out.write(masked(batch.toString()));
            out.flush();
            assertThat(closeCode(new DataInputStream(client.getInputStream()))).isEqualTo(3008);
            assertThat(server.node.metrics().commandQueueOverflows()).isEqualTo(1);
            await("the connection is gone", Duration.ofSeconds(5), () -> server.node.numClients() == 0);
        }
    }

    @Test
    void aFrameThatFitsIsServedWhole() throws Exception {
        start(1 << 20);
        try (Socket client = connected(server.server.port(), "batcher", false)) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < LIMIT; i++) {
                batch.append(i == 0 ? "" : "\n").append(publish(3 + i, "{}"));
            }
            OutputStream out = client.getOutputStream();
            out.write(masked(batch.toString()));
            out.flush();
            DataInputStream in = new DataInputStream(client.getInputStream());
            long expected = 3;
            while (expected < 3 + LIMIT) {
                for (long id : replyIds(readFrame(in))) {
                    assertThat(id).isEqualTo(expected++);
                }
            }
            assertThat(server.node.numClients()).isEqualTo(1);
        }
    }
}
