package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.testkit.Await;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A flood of wrong-password sign-ins (48 threads, each with a valid form and CSRF token, with
 * production Argon2 cost) against the real server does not disturb the token API: password
 * hashing has its own small pool and per-address limits, so the storage executor stays free.
 */
class ConsoleLoginFloodIT {
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");
    private static final Pattern FORM_COOKIE = Pattern.compile("xs_form=([A-Za-z0-9_-]+)");
    private static final Duration FLOOD = Duration.ofSeconds(5);

    private static ServerFixture server;
    private static CreatedProject project;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        server = ServerFixture.start();
        ControlPlaneStore store = server.launcher().store();
        String owner = store.accounts().createUser("owner@example.com", "the owner's password")
                .toCompletableFuture().join().id();
        project = store.projects().create(owner, "flooded").toCompletableFuture().join();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void theTokenApiKeepsAnsweringDuringASignInFlood() throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base() + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(form.body());
        Matcher cookie = FORM_COOKIE.matcher(String.join(";", form.headers().allValues("Set-Cookie")));
        assertThat(csrf.find()).isTrue();
        assertThat(cookie.find()).isTrue();
        String body = "_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                + "&email=owner%40example.com&password=not+the+password";
        HttpRequest login = HttpRequest.newBuilder(URI.create(base() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "xs_form=" + cookie.group(1))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();

        Map<Integer, AtomicInteger> loginStatuses = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + FLOOD.toNanos();
        ExecutorService flood = Executors.newFixedThreadPool(48);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            workers.add(flood.submit(() -> {
                while (System.nanoTime() < deadline) {
                    int status = http.send(login, HttpResponse.BodyHandlers.discarding()).statusCode();
                    loginStatuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            }));
        }
        List<Integer> tokenStatuses = new ArrayList<>();
        long slowest = 0;
        while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            tokenStatuses.add(tokenStatus());
            slowest = Math.max(slowest, System.nanoTime() - t0);
            Await.pace(Duration.ofMillis(50), "pacing below the project's own rate limit, not waiting for a result");
        }
        for (Future<?> w : workers) {
            w.get(60, TimeUnit.SECONDS);
        }
        flood.shutdown();

        assertThat(tokenStatuses).hasSizeGreaterThan(20).containsOnly(200);
        assertThat(Duration.ofNanos(slowest)).as("slowest token call").isLessThan(Duration.ofSeconds(2));
        assertThat(loginStatuses.keySet()).as("login answers").isSubsetOf(400, 429, 503);
        assertThat(loginStatuses.get(429)).as("per-address limits answered most").isNotNull();
    }

    private int tokenStatus() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/api/realtime/token"))
                .header("Authorization", "apikey " + project.serverApiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"alice\"}")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
