package io.xshathra.testkit;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The WebSocket test client (the JDK's), for exact frames. It records every whole text message
 * ({@link #texts}, protocol pings included), every whole binary message ({@link #binaries}), the
 * arrival time ({@link System#nanoTime()}) of every JSON protocol ping {@code {}} ({@link #pings})
 * and the server's close code and reason ({@link #closed}).
 *
 * <p>{@link #next()} takes whole text messages; {@link #nextLine()} takes JSON messages, splitting
 * a text message that carries several. Both read the same stream, so a test may mix them. By
 * default ({@link #open(String)}) the client answers each protocol ping with a pong and leaves
 * pings out of the lines; {@link #manual} makes a client that does only what the test says:
 * no pong, pings among the lines.
 *
 * <p>Reading is meant for one test thread at a time; sending may happen from any thread.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
    /** More unread messages than this fail the next read (a test that never reads has a bug). */
    private static final int CAPACITY = 1 << 20;
    private static final String PING = "{}";

    /** Whole text messages not yet taken by {@link #next()} or {@link #nextLine()}. */
    public final BlockingQueue<String> texts = new LinkedBlockingQueue<>(CAPACITY);
    /** Whole binary messages not yet taken by {@link #nextBinary()}. */
    public final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>(CAPACITY);
    /** Arrival times ({@link System#nanoTime()}) of the JSON protocol pings. */
    public final BlockingQueue<Long> pings = new LinkedBlockingQueue<>(CAPACITY);
    /** Completes with "code reason" of the server's close frame, or "error ..." on a failure. */
    public final CompletableFuture<String> closed = new CompletableFuture<>();

    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private final boolean autoPong;
    private final boolean keepPings;
    private final Object sendLock = new Object();
    private volatile boolean overflow;
    private WebSocket ws;

    private WsClient(Options o) {
        this.autoPong = o.autoPong;
        this.keepPings = o.keepPings;
    }

    /** Options of the opening handshake and of ping handling. */
    public static final class Options {
        private String[] subprotocols = new String[0];
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean autoPong = true;
        private boolean keepPings;

        /** The subprotocols to offer, in order of preference. */
        public Options subprotocols(String... p) {
            subprotocols = p.clone();
            return this;
        }

        /** A header of the upgrade request (e.g. {@code Origin}). */
        public Options header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Does not answer protocol pings: the test answers them, or tests the missing pong. */
        public Options noPong() {
            autoPong = false;
            return this;
        }

        /** Leaves protocol pings among the lines {@link #nextLine()} returns. */
        public Options keepPings() {
            keepPings = true;
            return this;
        }
    }

    /** Connects with the default options: pongs sent, pings left out of the lines. */
    public static WsClient open(String url) {
        return open(url, new Options());
    }

    /**
     * A client that does nothing on its own: no pong, pings among the lines, offering the given
     * subprotocols.
     */
    public static WsClient manual(String url, String... subprotocols) {
        return open(url, new Options().subprotocols(subprotocols).noPong().keepPings());
    }

    /**
     * Opens the connection within 5 seconds. A refused upgrade fails with a
     * {@link CompletionException} whose cause is the JDK's (it names the HTTP status).
     */
    public static WsClient open(String url, Options o) {
        WsClient c = new WsClient(o);
        WebSocket.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (o.subprotocols.length > 0) {
            b.subprotocols(o.subprotocols[0], Arrays.copyOfRange(o.subprotocols, 1, o.subprotocols.length));
        }
        o.headers.forEach(b::header);
        try {
            c.ws = b.buildAsync(URI.create(url), c).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("WebSocket handshake did not complete: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("WebSocket handshake interrupted", e);
        }
        return c;
    }

    /** The JDK socket, for what this client does not wrap (a close frame, ping frames). */
    public WebSocket webSocket() {
        return ws;
    }

    /** The subprotocol the server selected; empty when none. */
    public String subprotocol() {
        return ws.getSubprotocol();
    }

    /** Sends one text message and waits until it is written. */
    public void send(String frame) {
        synchronized (sendLock) {
            join(ws.sendText(frame, true));
        }
    }

    /** Sends one binary message and waits until it is written. */
    public void sendBinary(byte[] frame) {
        synchronized (sendLock) {
            join(ws.sendBinary(ByteBuffer.wrap(frame), true));
        }
    }

    private static void join(CompletableFuture<WebSocket> f) {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("send failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next whole text message (a ping included), or fails after 5 seconds. */
    public String next() {
        checkOverflow();
        return Await.take(texts, Await.SHORT, "a text message (close: " + closed.getNow("none") + ")");
    }

    /** The next JSON message, whether or not it shared a frame with others; fails after 5 s. */
    public String nextLine() {
        return nextLine(Await.SHORT);
    }

    /** The next JSON message within the timeout, or fails. */
    public String nextLine(Duration timeout) {
        String line = pollLine(timeout);
        if (line == null) {
            throw new AssertionError("not within " + timeout.toMillis() + " ms: a JSON message (close: "
                    + closed.getNow("none") + ")");
        }
        return line;
    }

    /** The next JSON message within the timeout, or null when none came. */
    public synchronized String pollLine(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lines.isEmpty()) {
            checkOverflow();
            String frame;
            try {
                frame = texts.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for a JSON message", e);
            }
            if (frame == null) {
                return null;
            }
            for (String line : frame.split("\n")) {
                if (keepPings || !line.equals(PING)) {
                    lines.add(line);
                }
            }
        }
        return lines.poll();
    }

    /** The next JSON message that contains {@code fragment}, skipping others; fails after 5 s. */
    public String nextLineContaining(String fragment) {
        long deadline = System.nanoTime() + Await.SHORT.toNanos();
        while (true) {
            String line = pollLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line == null) {
                throw new AssertionError("not within " + Await.SHORT.toMillis() + " ms: a message containing "
                        + fragment + " (close: " + closed.getNow("none") + ")");
            }
            if (line.contains(fragment)) {
                return line;
            }
        }
    }

    /** The next binary message, or fails after 5 seconds. */
    public byte[] nextBinary() {
        checkOverflow();
        return Await.take(binaries, "a binary message (close: " + closed.getNow("none") + ")");
    }

    /** "code reason" of the server's close frame, or fails after {@code timeout}. */
    public String closeReason(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("connection not closed within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** "code reason" of the server's close frame, within 10 seconds. */
    public String closeReason() {
        return closeReason(Duration.ofSeconds(10));
    }

    /** Whether neither side has closed the connection. */
    public boolean isOpen() {
        return !closed.isDone() && !ws.isInputClosed();
    }

    /** UTF-8 text of bytes (a binary message that carries JSON). */
    public static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private void checkOverflow() {
        if (overflow) {
            throw new AssertionError("more than " + CAPACITY + " unread messages: the test does not read them");
        }
    }

    private <T> void keep(BlockingQueue<T> queue, T item) {
        if (!queue.offer(item)) {
            overflow = true;
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String frame = text.toString();
            text.setLength(0);
            for (String line : frame.split("\n")) {
                if (line.equals(PING)) {
                    keep(pings, System.nanoTime());
                    if (autoPong) {
                        // A pong is an empty command. send() waits for completion: not on the listener thread.
                        CompletableFuture.runAsync(() -> send(PING));
                    }
                }
            }
            keep(texts, frame);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        binary.writeBytes(b);
        if (last) {
            keep(binaries, binary.toByteArray());
            binary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete("error " + error);
    }

    /** Drops the connection at once (no close handshake). */
    @Override
    public void close() {
        if (ws != null) {
            ws.abort();
        }
    }
}
