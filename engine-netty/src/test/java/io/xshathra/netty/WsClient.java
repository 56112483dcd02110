package io.xshathra.netty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw WebSocket test client (the JDK's) that sends exact frames and records what arrives:
 * whole text messages, binary messages, and the close code and reason.
 */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    final WebSocket ws;

    WsClient(String url, String... subprotocols) throws Exception {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
        if (subprotocols.length > 0) {
            b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        ws = b.buildAsync(URI.create(url), this).get(5, TimeUnit.SECONDS);
    }

    void send(String frame) throws Exception {
        ws.sendText(frame, true).get(5, TimeUnit.SECONDS);
    }

    void sendBinary(byte[] frame) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(frame), true).get(5, TimeUnit.SECONDS);
    }

    /** The next text message, or fails after 5 seconds. */
    String next() throws InterruptedException {
        String s = texts.poll(5, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("no message within 5 s (closed: " + closed.getNow("no") + ")");
        }
        return s;
    }

    private final java.util.ArrayDeque<String> lines = new java.util.ArrayDeque<>();

    /** The next JSON message, whether or not it shared a frame with others. */
    String nextLine() throws InterruptedException {
        if (lines.isEmpty()) {
            lines.addAll(java.util.List.of(next().split("\n")));
        }
        return lines.poll();
    }

    byte[] nextBinary() throws InterruptedException {
        byte[] b = binaries.poll(5, TimeUnit.SECONDS);
        if (b == null) {
            throw new AssertionError("no binary message within 5 s");
        }
        return b;
    }

    /** "code reason" of the server's close frame, within 10 seconds. */
    String closeReason() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            texts.add(text.toString());
            text.setLength(0);
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
            binary = new java.io.ByteArrayOutputStream();
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
        ws.abort();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
