package io.xshathra.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.testkit.RawSocketWs;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One raw WebSocket client that writes commands as fast as its socket takes them, without reading
 * a reply, until a deadline; then reads what the server answered. Each frame carries
 * {@link #PER_FRAME} commands with consecutive ids. It records how long its longest socket write
 * waited (a write only waits when the server has stopped reading and the kernel buffers are full)
 * and how the connection ended.
 */
final class CommandFlooder {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int PER_FRAME = 8;

    private final RawSocketWs ws;
    private final String command;
    /** The session id from the connect reply, to find the session on the node. */
    final String clientId;
    volatile long sent;
    volatile long longestWriteNanos;
    volatile String writeEnd = "deadline";
    private volatile boolean writing = true;
    long replies;
    boolean inOrder = true;
    String end = "";
    long endNanos;

    private CommandFlooder(RawSocketWs ws, String command, String clientId) {
        this.ws = ws;
        this.command = command;
        this.clientId = clientId;
    }

    /** Connects with {@code token} and waits for the connect reply; {@code command} is e.g. {@code "presence":{...}}. */
    static CommandFlooder connect(int port, String token, String command) throws IOException {
        RawSocketWs ws = RawSocketWs.connect(port, "/realtime/connection/websocket", 16 * 1024,
                Map.of("Origin", "http://127.0.0.1"));
        if (ws.status != 101) {
            ws.close();
            throw new IOException("upgrade refused: " + ws.status);
        }
        ws.sendText("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}");
        JsonNode reply = JSON.readTree(ws.readFrame().text());
        String client = reply.at("/connect/client").asText();
        if (client.isEmpty()) {
            ws.close();
            throw new IOException("connect refused: " + reply);
        }
        return new CommandFlooder(ws, command, client);
    }

    /** Writes frames until {@code deadline} (System.nanoTime) or until the connection fails. */
    void write(long deadline) {
        long id = 2;
        StringBuilder frame = new StringBuilder(PER_FRAME * 64);
        try {
            while (System.nanoTime() < deadline) {
                frame.setLength(0);
                for (int i = 0; i < PER_FRAME; i++) {
                    frame.append(i == 0 ? "" : "\n").append("{\"id\":").append(id + i).append(',').append(command).append('}');
                }
                long t0 = System.nanoTime();
                ws.sendText(frame.toString());
                longestWriteNanos = Math.max(longestWriteNanos, System.nanoTime() - t0);
                id += PER_FRAME;
                sent = id - 2;
            }
        } catch (IOException e) {
            writeEnd = "write failed after " + sent + " commands: " + e.getMessage();
        } finally {
            writing = false;
        }
    }

    /**
     * Reads replies until every sent command is answered or the connection ends; checks that the
     * ids come in order. {@link #end} says how it ended ("answered", or the close "code reason").
     */
    void read(long startNanos) throws IOException {
        long expected = 2;
        while (true) {
            if (!writing && expected - 2 >= sent) {
                end = "answered";
                break;
            }
            RawSocketWs.Frame f;
            try {
                f = ws.readFrame();
            } catch (SocketTimeoutException e) {
                end = "no frame for 5 s after " + replies + " replies";
                break;
            } catch (EOFException e) {
                end = "TCP closed without a close frame";
                break;
            }
            if (f.isClose()) {
                end = f.closeReason();
                break;
            }
            for (String line : f.text().split("\n")) {
                JsonNode msg = JSON.readTree(line);
                if (!msg.has("id")) {
                    continue;
                }
                inOrder &= msg.get("id").asLong() == expected;
                expected = msg.get("id").asLong() + 1;
                replies++;
            }
        }
        endNanos = System.nanoTime() - startNanos;
    }

    /** Sends one frame with {@code n} commands at once. */
    void sendBurst(int n) throws IOException {
        StringBuilder frame = new StringBuilder();
        for (int i = 0; i < n; i++) {
            frame.append(i == 0 ? "" : "\n").append("{\"id\":").append(1000 + i).append(',').append(command).append('}');
        }
        ws.sendText(frame.toString());
    }

    /** After a burst: the close frame's "code reason". */
    String closeAfterBurst() throws IOException {
        return ws.drainToClose(java.time.Duration.ofSeconds(10));
    }

    void close() {
        try {
            ws.close();
        } catch (IOException ignored) {
            // the test is over with this connection
        }
    }

    @Override
    public String toString() {
        return String.format("%d commands sent (%s), longest write %d ms, %d replies %s, ended: %s after %d ms",
                sent, writeEnd, TimeUnit.NANOSECONDS.toMillis(longestWriteNanos), replies,
                inOrder ? "in order" : "OUT OF ORDER", end, TimeUnit.NANOSECONDS.toMillis(endNanos));
    }
}
