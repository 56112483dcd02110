package io.xshathra.it;

import io.xshathra.testkit.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A client of one streaming HTTP response (HTTP-streaming, SSE): a reader thread splits the body
 * into messages — text lines without the SSE {@code data: } prefix, blank lines dropped — or,
 * for Protobuf, leaves the raw stream to the test. {@link #ended} completes when the body ends.
 */
final class StreamClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final int status;
    final HttpResponse<InputStream> response;
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();

    private StreamClient(HttpResponse<InputStream> response, boolean readLines) {
        this.response = response;
        this.status = response.statusCode();
        if (readLines) {
            Thread t = new Thread(this::readLines, "stream-client");
            t.setDaemon(true);
            t.start();
        }
    }

    static StreamClient open(HttpRequest request, boolean readLines) {
        try {
            return new StreamClient(HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream()), readLines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static StreamClient post(String url, String contentType, byte[] body) {
        return open(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), !contentType.contains("octet-stream"));
    }

    static StreamClient get(String url) {
        return open(HttpRequest.newBuilder(URI.create(url)).GET().build(), true);
    }

    /**
     * A plain request/response exchange (the emulation endpoint). A pooled keep-alive connection
     * the server has closed meanwhile ends before any response byte; the request never reached the
     * server then, so it is sent once more, as browsers do.
     */
    static HttpResponse<String> send(HttpRequest request) {
        try {
            try {
                return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                    throw e;
                }
                return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void readLines() {
        try (InputStream in = response.body()) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (c != '\n') {
                    line.write(c);
                    continue;
                }
                String s = line.toString(StandardCharsets.UTF_8).replace("\r", "");
                line.reset();
                if (s.startsWith("data: ")) {
                    s = s.substring(6);
                }
                if (!s.isEmpty()) {
                    messages.add(s);
                }
            }
            ended.complete(null);
        } catch (IOException e) {
            ended.complete(null);
        }
    }

    /** The next message, failing after five seconds. */
    String next() {
        return Await.take(messages, Await.SHORT, "a message on the stream");
    }

    /** Skips pings ({@code {}}) and returns the next other message. */
    String nextNonPing() {
        for (;;) {
            String m = next();
            if (!m.equals("{}")) {
                return m;
            }
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
    }
}
