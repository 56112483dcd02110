package io.xshathra.controlplane.webhooks;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.security.ProxyTargets;
import io.xshathra.engine.util.Lazy;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * POSTs one batch and reports what happened. Redirects are not followed (a 3xx is a failure), the
 * answer's body is never read (the stream is closed as soon as the status is known), and the
 * wait for the answer is bounded by the request timeout. Unless the operator allows private networks, the
 * host is checked again before each attempt (it may resolve elsewhere than when it was saved).
 * The HTTP client (its selector thread and, for https, the TLS machinery and trust store) is made
 * on the first attempt: a server whose projects have no webhooks never pays for it.
 * Blocks the calling thread; thread-safe.
 */
final class WebhookSender {

    /** The header naming the batch, the same on every attempt of it. */
    static final String BATCH_HEADER = "X-Xshathra-Webhook-Id";

    private final Lazy<HttpClient> http;
    private final ProxyTargets targets;
    private final Clock clock;
    private final Duration timeout;

    WebhookSender(ProxyTargets targets, Clock clock, Duration timeout) {
        this.targets = targets;
        this.clock = clock;
        this.timeout = timeout;
        Duration connect = timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5);
        this.http = new Lazy<>(() -> HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connect).build());
    }

    /** One attempt; never throws for what the receiver or the network does. */
    WebhookDelivery send(ClaimedBatch b) {
        long started = clock.millis();
        long t0 = System.nanoTime();
        int status = 0;
        String error = "";
        try {
            targets.check(b.url());
            byte[] body = b.body().getBytes(StandardCharsets.UTF_8);
            HttpRequest req = HttpRequest.newBuilder(b.url()).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "xshathra-webhooks")
                    .header(BATCH_HEADER, b.id())
                    .header(WebhookSignature.HEADER, WebhookSignature.header(b.secret(), started / 1000, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<InputStream> r = http.get().send(req, HttpResponse.BodyHandlers.ofInputStream());
            status = r.statusCode();
            // Not read: a receiver trickling a body could hold this thread past the timeout,
            // which bounds only the wait for the status line and headers.
            r.body().close();
        } catch (ControlPlaneException e) {
            error = "refused: " + e.getMessage();
        } catch (HttpTimeoutException e) {
            error = "timeout after " + timeout.toMillis() + " ms";
        } catch (ConnectException e) {
            error = "cannot connect: " + (e.getMessage() == null ? "connection refused" : e.getMessage());
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (IllegalArgumentException e) {
            error = "invalid request: " + e.getMessage();
        }
        if (status == 0 && error.isEmpty()) {
            error = "no answer";
        }
        return new WebhookDelivery(b.endpointId(), started, status, error,
                Duration.ofNanos(System.nanoTime() - t0).toMillis(), b.eventCount(), b.attempts() + 1);
    }

    void close() {
        // HttpClient has no close before Java 21; its threads are daemons and end with it.
    }
}
