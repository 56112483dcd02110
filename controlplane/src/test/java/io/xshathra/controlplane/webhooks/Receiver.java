package io.xshathra.controlplane.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A real webhook receiver on loopback: records every request (headers and raw body) and answers
 * with the next status queued in {@link #answers}, 200 when none is queued; status 0 holds the
 * request until {@link #release} (a receiver that does not answer).
 */
final class Receiver implements AutoCloseable {

    /** One request as received. */
    record Request(String path, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
    final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final HttpServer server;

    Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                Map<String, String> headers = new java.util.HashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
                received.add(new Request(ex.getRequestURI().getPath(), headers, body));
                Integer status = answers.poll();
                if (status != null && status == 0) {
                    release.await();
                    return;
                }
                int s = status == null ? 200 : status;
                if (s >= 300 && s < 400) {
                    ex.getResponseHeaders().set("Location", url() + "/elsewhere");
                }
                ex.sendResponseHeaders(s, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void release() {
        release.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
