package io.xshathra.engine.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.xshathra.engine.config.ProxyEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP backend on a loopback port for proxy tests: each path answers with what its
 * handler returns for the request's JSON body, and every request is recorded.
 */
public final class ProxyBackend implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the backend received. */
    public record Received(String path, JsonNode body, Map<String, List<String>> headers) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** What a path answers: status and body. */
    public record Answer(int status, byte[] body) {
        public static Answer json(String body) {
            return new Answer(200, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Map<String, Function<JsonNode, Answer>> routes = new ConcurrentHashMap<>();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    public ProxyBackend() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    /** What {@code path} answers now, or null. */
    public Function<JsonNode, Answer> route(String path) {
        return routes.get(path);
    }

    /** Makes {@code path} answer with {@code answer(request body)}. */
    public ProxyBackend on(String path, Function<JsonNode, Answer> answer) {
        routes.put(path, answer);
        return this;
    }

    /** Makes {@code path} answer 200 with a fixed JSON body. */
    public ProxyBackend on(String path, String json) {
        return on(path, req -> Answer.json(json));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** An endpoint for {@code path} with a timeout of {@code timeout}. */
    public ProxyEndpoint endpoint(String name, String path, Duration timeout) {
        return ProxyEndpoint.of(name, url(path), timeout);
    }

    /** The next request received, waiting up to five seconds. */
    public Received next() {
        try {
            Received r = received.poll(5, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("no proxy request within 5s");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int receivedCount() {
        return received.size();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] in = ex.getRequestBody().readAllBytes();
            JsonNode body = in.length == 0 ? JSON.nullNode() : JSON.readTree(in);
            received.add(new Received(ex.getRequestURI().getPath(), body, Map.copyOf(ex.getRequestHeaders())));
            Function<JsonNode, Answer> route = routes.get(ex.getRequestURI().getPath());
            Answer a = route == null ? new Answer(404, new byte[0]) : route.apply(body);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            if (a.body().length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(a.body());
                }
            }
        } catch (IOException | RuntimeException e) {
            // A client that gave up (timeout tests) closes the exchange under us.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
