package io.xshathra.it;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
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
 * A raw WebSocket client (the JDK's) for exact frames. It records whole text messages, whole
 * binary messages and the server's close code and reason. For JSON it splits frames into lines
 * and, unless told otherwise, answers each server ping ({@code {}}) with a pong ({@code {}});
 * pings never appear among the lines, they are recorded in {@link #pings} (arrival nanoTime).
 */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    final BlockingQueue<Long> pings = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private final boolean autoPong;
    private final Object sendLock = new Object();
    private WebSocket ws;

    private WsClient(boolean autoPong) {
        this.autoPong = autoPong;
    }

    /** Options of the opening handshake. */
    static final class Options {
        String[] subprotocols = new String[0];
        final Map<String, String> headers = new LinkedHashMap<>();
        boolean autoPong = true;

        Options subprotocols(String... p) {
            subprotocols = p;
            return this;
        }

        Options header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Options noPong() {
            autoPong = false;
            return this;
        }
    }

    static WsClient open(String url) {
        return open(url, new Options());
    }

    /** Opens the connection; fails (with the HTTP status in the message) if the upgrade is refused. */
    static WsClient open(String url, Options o) {
        WsClient c = new WsClient(o.autoPong);
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
        } catch (TimeoutException | InterruptedException e) {
            throw new AssertionError("WebSocket handshake did not complete: " + e);
        }
        return c;
    }

    /** The subprotocol the server selected; empty when none. */
    String subprotocol() {
        return ws.getSubprotocol();
    }

    void send(String frame) {
        synchronized (sendLock) {
            join(ws.sendText(frame, true));
        }
    }

    void sendBinary(byte[] frame) {
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

    /** The next JSON message (ping excluded), whether or not it shared a frame with others. */
    String nextLine() {
        return nextLine(Await.SHORT);
    }

    String nextLine(Duration timeout) {
        return Await.take(lines, timeout, "a JSON message (close: " + closed.getNow("none") + ")");
    }

    /** The next JSON message within the timeout, or null when none came. */
    String pollLine(Duration timeout) {
        try {
            return lines.poll(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next JSON message that contains {@code fragment}, skipping others. */
    String nextLineContaining(String fragment) {
        long deadline = System.nanoTime() + Await.SHORT.toNanos();
        while (true) {
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            String line = Await.take(lines, left, "a message containing " + fragment + " (close: "
                    + closed.getNow("none") + ")");
            if (line.contains(fragment)) {
                return line;
            }
        }
    }

    /** The next binary WebSocket message. */
    byte[] nextBinary() {
        return Await.take(binaries, "a binary message (close: " + closed.getNow("none") + ")");
    }

    /** "code reason" of the server's close frame. */
    String closeReason(Duration timeout) {
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

    String closeReason() {
        return closeReason(Duration.ofSeconds(10));
    }

    boolean isOpen() {
        return !closed.isDone() && !ws.isInputClosed();
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
            texts.add(frame);
            for (String line : frame.split("\n")) {
                if (line.equals("{}")) {
                    pings.add(System.nanoTime());
                    if (autoPong) {
                        // A pong is an empty command. send() waits for completion: not on the listener thread.
                        CompletableFuture.runAsync(() -> send("{}"));
                    }
                } else {
                    lines.add(line);
                }
            }
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
            binaries.add(binary.toByteArray());
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

    @Override
    public void close() {
        if (ws != null) {
            ws.abort();
        }
    }
}
