package io.xshathra.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server (the JDK's) on 127.0.0.1, port 0, answering every request with what the
 * test set last ({@link #answer}, or a custom {@link Handler}), and recording each request.
 * {@link #close} releases handlers parked on {@link #release} and stops the server.
 */
final class CannedServer implements AutoCloseable {
    /** One recorded request. */
    record Seen(String method, String path, Map<String, String> headers, String body) {
    }

    /** What a test does with an exchange. */
    interface Handler {
        /** @param request the exchange's request, already read */
        void handle(HttpExchange ex, CannedServer server, Seen request) throws IOException;
    }

    final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>(10_000);
    final CountDownLatch release = new CountDownLatch(1);
    private final HttpServer http;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private volatile Handler handler = (ex, s, r) -> s.send(ex, 200, "{}", Map.of());

    CannedServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        http.setExecutor(pool);
        http.createContext("/", ex -> {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
                Seen s = new Seen(ex.getRequestMethod(), ex.getRequestURI().getPath()
                        + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()), headers,
                        new String(body, StandardCharsets.UTF_8));
                seen.add(s);
                handler.handle(ex, this, s);
            } catch (IOException e) {
                // the client went away (a test that cancelled on purpose)
            }
        });
        http.start();
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    int port() {
        return http.getAddress().getPort();
    }

    /** Every request answered with this status, body and headers. */
    CannedServer answer(int status, String body, Map<String, String> headers) {
        this.handler = (ex, s, r) -> s.send(ex, status, body, headers);
        return this;
    }

    CannedServer answer(int status, String body) {
        return answer(status, body, Map.of());
    }

    CannedServer handler(Handler h) {
        this.handler = h;
        return this;
    }

    void send(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    /** The next recorded request (fails after 5 s). */
    Seen next() throws InterruptedException {
        Seen s = seen.poll(5, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("no request arrived");
        }
        return s;
    }

    /** Parks the handler until the test ends. */
    void park() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release.countDown();
        http.stop(0);
        pool.shutdownNow();
    }
}
