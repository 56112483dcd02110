package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.testkit.Await;
import io.xshathra.testkit.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Unauthenticated floods of the console's forms must not starve the tenants. While 48 threads
 * and 20 pipelining connections (75 requests each) post wrong sign-ins, or sign-ups while
 * sign-up is closed, a backend asks {@code POST /api/realtime/token} for tokens at a steady
 * 20 a second: every answer must be 200 with a 99th percentile under 100 ms, and a browser
 * client connecting with the project's public client key must still get in.
 *
 * <p>The bound is the machine's as much as the server's: the flood's threads, the server and the
 * backend share the test JVM and the machine's cores. On a two-core machine whose cores are slower
 * than the one this test was first written on, the token answers' p99 was 50-62 ms during the
 * closed sign-up flood (p50 8-13 ms). Starving would look different: errors, and answers
 * seconds late.
 *
 * <p>Each flood lasts {@code -Dxshathra.abuse.seconds} (default 20; 60 for the full run). The
 * figures are printed: token latencies (count, p50, p99, max) and how the flood was answered.
 */
class AbuseFloodIT {

    private static final int SECONDS = Integer.getInteger("xshathra.abuse.seconds", 20);
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long P99_LIMIT_MICROS = 100_000;
    private static final int FLOOD_THREADS = 48;
    private static final int PIPELINED_CONNECTIONS = 20;
    private static final int PIPELINE_DEPTH = 75;

    private static ServerFixture server;
    private static CreatedProject project;
    private final HttpClient backend = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A server of its own for each flood: what one flood leaves queued must not weigh on the next. */
    @BeforeEach
    void start() {
        server = ServerFixture.start();
        ControlPlaneStore store = server.launcher().store();
        // The first account exists, so sign-up is closed (the default) for everyone else.
        String owner = store.accounts().createUser("owner@example.com", "a-long-password-1").toCompletableFuture().join().id();
        project = store.projects().create(owner, "flooded").toCompletableFuture().join();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSignInFloodDoesNotStarveTheTokenApi() throws Exception {
        flood("POST /login, wrong passwords", "/login",
                n -> "email=flood-" + n + "%40example.com&password=wrong-password-" + n);
    }

    @Test
    void aClosedSignUpFloodDoesNotStarveTheTokenApi() throws Exception {
        flood("POST /signup while sign-up is closed", "/signup",
                n -> "email=new-" + n + "%40example.com&password=long-enough-password-" + n
                        + "&confirm=long-enough-password-" + n);
    }

    private void flood(String what, String path, LongFunction<String> fields) throws Exception {
        // Warm up the connection and the token path so that the figures are of the steady state.
        Await.until(Duration.ofSeconds(10), () -> consoleAnswers(path), "the console answers GET " + path);
        measureTokens(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        Measurement baseline = measureTokens(System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
        assertThat(baseline.statuses).as("before the flood").containsOnlyKeys("200");

        ConsoleFlood flood = ConsoleFlood.against(server.port(), path, fields);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        List<Thread> flooders = flood.start(FLOOD_THREADS, PIPELINED_CONNECTIONS, PIPELINE_DEPTH, deadline);
        ClientKeyConnects connects = new ClientKeyConnects();
        Thread connecting = ConsoleFlood.daemon("client-key-connects", () -> connects.run(deadline));
        Measurement during = measureTokens(deadline);
        connecting.join(Duration.ofSeconds(30).toMillis());
        for (Thread t : flooders) {
            t.join(Duration.ofSeconds(30).toMillis());
        }

        System.out.printf("%n[abuse] %s, %d s, %d flood threads + %d connections x %d pipelined%n", what, SECONDS,
                FLOOD_THREADS, PIPELINED_CONNECTIONS, PIPELINE_DEPTH);
        System.out.printf("[abuse]   token API before: %s%n", baseline);
        System.out.printf("[abuse]   token API during: %s%n", during);
        System.out.printf("[abuse]   flood: %d sent, answered %s%n", flood.sent(), flood.answers());
        System.out.printf("[abuse]   client-key connects: %s%n", connects);

        assertThat(flooders).noneMatch(Thread::isAlive);
        assertThat(flood.answered()).as("the flood reached the server").isGreaterThan(FLOOD_THREADS);
        assertThat(during.statuses).as("every token answer during the flood").containsOnlyKeys("200");
        assertThat(during.statuses.values().stream().mapToLong(Long::longValue).sum())
                .isGreaterThanOrEqualTo(SECONDS * 10L);
        assertThat(during.latency.getValueAtPercentile(99)).as("p99 in µs").isLessThan(P99_LIMIT_MICROS);
        assertThat(connects.failures).as("client-key connects refused: " + connects.reasons).isZero();
        assertThat(connects.ok.sum()).isGreaterThanOrEqualTo(SECONDS / 2);
    }

    /** Token latencies and statuses, at a steady 20 requests a second until the deadline. */
    private Measurement measureTokens(long deadline) {
        Measurement m = new Measurement();
        long intervalMicros = TimeUnit.NANOSECONDS.toMicros(INTERVAL_NANOS);
        long next = System.nanoTime();
        for (long i = 0; next < deadline; i++) {
            Await.pace(Duration.ofNanos(next - System.nanoTime()), "token requests at a steady rate");
            long t0 = System.nanoTime();
            String status = tokenStatus(i, m);
            // Corrected for coordinated omission: a slow answer also delays the requests after it.
            m.latency.recordValueWithExpectedInterval(Math.max(1, (System.nanoTime() - t0) / 1000), intervalMicros);
            m.statuses.merge(status, 1L, Long::sum);
            next += INTERVAL_NANOS;
        }
        return m;
    }

    private boolean consoleAnswers(String path) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return backend.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() < 500;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String tokenStatus(long i, Measurement m) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/realtime/token"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "apikey " + project.serverApiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"user-" + (i % 100) + "\"}")).build();
        try {
            HttpResponse<String> resp = backend.send(req, HttpResponse.BodyHandlers.ofString());
            String status = String.valueOf(resp.statusCode());
            if (resp.statusCode() != 200) {
                m.firstRefusals.putIfAbsent(status, resp.body());
            }
            return status;
        } catch (java.io.IOException e) {
            return "io error: " + e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static final class Measurement {
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        final Map<String, Long> statuses = new TreeMap<>();
        /** The first body answered with each status other than 200, to say why. */
        final Map<String, String> firstRefusals = new TreeMap<>();

        @Override
        public String toString() {
            return String.format("%d requests (%d with the correction for coordinated omission) %s, p50 %.1f ms, "
                            + "p99 %.1f ms, max %.1f ms%s", statuses.values().stream().mapToLong(Long::longValue).sum(),
                    latency.getTotalCount(), statuses, latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0,
                    firstRefusals.isEmpty() ? "" : ", first refusals " + firstRefusals);
        }
    }

    /** A browser client connecting with the public client key twice a second, until the deadline. */
    private static final class ClientKeyConnects {
        final LongAdder ok = new LongAdder();
        volatile long failures;
        final Map<String, Long> reasons = new ConcurrentHashMap<>();
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);

        void run(long deadline) {
            long next = System.nanoTime();
            while (next < deadline) {
                Await.pace(Duration.ofNanos(next - System.nanoTime()), "client-key connects at a steady rate");
                long t0 = System.nanoTime();
                String outcome = connectOnce();
                if (outcome == null) {
                    ok.increment();
                    latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                } else {
                    failures++;
                    reasons.merge(outcome, 1L, Long::sum);
                }
                next += TimeUnit.MILLISECONDS.toNanos(500);
            }
        }

        /** Null when the connect was accepted, else what happened. */
        private String connectOnce() {
            try (WsClient c = WsClient.open(server.wsUrl())) {
                c.send("{\"id\":1,\"connect\":{\"data\":{\"clientApiKey\":\"" + project.clientApiKey() + "\"}}}");
                String reply = c.pollLine(Duration.ofSeconds(5));
                if (reply != null && reply.startsWith("{\"id\":1,\"connect\":")) {
                    return null;
                }
                return reply == null ? "no reply, close " + c.closeReason(Duration.ofSeconds(1)) : "reply " + reply;
            } catch (RuntimeException | AssertionError e) {
                return e.getClass().getSimpleName();
            }
        }

        @Override
        public String toString() {
            return String.format("%d accepted, %d refused %s, p50 %.1f ms, max %.1f ms", ok.sum(), failures, reasons,
                    latency.getValueAtPercentile(50) / 1000.0, latency.getMaxValue() / 1000.0);
        }
    }
}
