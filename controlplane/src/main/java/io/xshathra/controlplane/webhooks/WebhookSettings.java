package io.xshathra.controlplane.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The tunables of webhook batching and delivery; {@link #defaults()} is what the server runs
 * with, tests shorten the times.
 *
 * @param flushInterval     how often buffered events are written to the outbox (default 200 ms)
 * @param flushAt           buffered events that trigger a write at once (default 500)
 * @param bufferEvents      events the memory buffer holds; more are dropped and counted (default 10,000)
 * @param bufferBytes       and their approximate size (default 16 MiB)
 * @param pollInterval      how often the outbox is checked for due batches (default 1 s)
 * @param senders           batches delivered at once by this node (default 8)
 * @param requestTimeout    how long one delivery may take (default 10 s)
 * @param retry             when failed deliveries are tried again
 * @param clock             the time batches are stamped and scheduled with: the store's clock
 */
public record WebhookSettings(Duration flushInterval, int flushAt, int bufferEvents, long bufferBytes,
                              Duration pollInterval, int senders, Duration requestTimeout, Backoff retry, Clock clock) {

    public WebhookSettings {
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(clock, "clock");
        if (flushAt < 1 || bufferEvents < 1 || bufferBytes < 1 || senders < 1) {
            throw new IllegalArgumentException("webhook bounds must be positive");
        }
    }

    public static WebhookSettings defaults() {
        return new WebhookSettings(Duration.ofMillis(200), 500, 10_000, 16L << 20, Duration.ofSeconds(1), 8,
                Duration.ofSeconds(10), Backoff.defaults(), Clock.systemUTC());
    }

    /** These settings with another retry schedule. */
    public WebhookSettings withRetry(Backoff b) {
        return new WebhookSettings(flushInterval, flushAt, bufferEvents, bufferBytes, pollInterval, senders,
                requestTimeout, b, clock);
    }

    /** These settings with other buffer bounds. */
    public WebhookSettings withBuffer(int events, long bytes) {
        return new WebhookSettings(flushInterval, flushAt, events, bytes, pollInterval, senders, requestTimeout, retry, clock);
    }

    /** These settings on another clock (the control-plane store's). */
    public WebhookSettings withClock(Clock c) {
        return new WebhookSettings(flushInterval, flushAt, bufferEvents, bufferBytes, pollInterval, senders,
                requestTimeout, retry, c);
    }

    /** These settings with other times for flushing, polling and requests (tests). */
    public WebhookSettings withTimes(Duration flush, Duration poll, Duration request) {
        return new WebhookSettings(flush, flushAt, bufferEvents, bufferBytes, poll, senders, request, retry, clock);
    }
}
