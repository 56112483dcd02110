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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern REPLY_ID = Pattern.compile("^\\{\"id\":(\\d+)");
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

    // ------------------------------------------------------------------ a raw WebSocket client

    /** Handshake, connect as {@code user} (a small receive buffer: a client slow to read) and subscribe to {@code chat:x} (command ids 1 and 2). */
    private static Socket connected(int port, String user, boolean smallReceiveBuffer) throws IOException {
        Socket s = new Socket();
        if (smallReceiveBuffer) {
            s.setReceiveBufferSize(4096);
        }
        s.setSendBufferSize(8192);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(10_000);
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
        out.write(masked("{\"id\":1,\"connect\":{\"token\":\"" + TestServer.token(user) + "\"}}"));
        out.write(masked("{\"id\":2,\"subscribe\":{\"channel\":\"chat:x\"}}"));
        out.flush();
        while (!replyIds(readFrame(in)).contains(2L)) {
            // the connect reply, then the subscribe reply (a join push may share its frame)
        }
        return s;
    }

    private static String publish(long id, String data) {
        return "{\"id\":" + id + ",\"publish\":{\"channel\":\"chat:x\",\"data\":" + data + "}}";
    }

    private static byte[] masked(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        int header = payload.length < 126 ? 2 : payload.length < 65536 ? 4 : 10;
        byte[] frame = new byte[header + 4 + payload.length];
        frame[0] = (byte) 0x81;
        if (header == 2) {
            frame[1] = (byte) (0x80 | payload.length);
        } else if (header == 4) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) payload.length >> (56 - 8 * i));
            }
        }
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    /** One server frame: opcode and payload. */
    private record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    private static Frame readFrame(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        long len = in.readUnsignedByte() & 0x7f;
        len = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, payload);
    }

    /** Reply ids in a text frame (pushes have none). */
    private static List<Long> replyIds(Frame f) {
        List<Long> ids = new ArrayList<>();
        if (f.opcode() == 1) {
            for (String line : f.text().split("\n")) {
                Matcher m = REPLY_ID.matcher(line);
                if (m.find()) {
                    ids.add(Long.parseLong(m.group(1)));
                }
            }
        }
        return ids;
    }

    /** Reads until a close frame and returns its code. */
    private static int closeCode(DataInputStream in) throws IOException {
        for (Frame f = readFrame(in); ; f = readFrame(in)) {
            if (f.opcode() == 8) {
                return f.closeCode();
            }
        }
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
