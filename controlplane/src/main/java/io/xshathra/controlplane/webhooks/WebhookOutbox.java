package io.xshathra.controlplane.webhooks;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what the outbox holds. Every poll interval (and at once after a flush) it leases as
 * many due batches as it has free senders, POSTs each on a sender thread, and records the
 * attempt: a 2xx deletes the batch, anything else schedules the next attempt by the
 * {@link Backoff} or, past its give-up time, abandons it. A lease lasts the request timeout plus a
 * minute; a batch whose node died mid-delivery is taken again when its lease runs out, so a batch
 * may be delivered more than once, never silently lost.
 */
final class WebhookOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookOutbox.class);

    private final WebhookStore store;
    private final WebhookSender sender;
    private final WebhookListener listener;
    private final WebhookSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService senders;
    private final String owner = "node-" + UUID.randomUUID();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final long leaseMs;

    WebhookOutbox(WebhookStore store, WebhookSender sender, WebhookListener listener, WebhookSettings settings,
                  Clock clock, ScheduledExecutorService scheduler) {
        this.store = store;
        this.sender = sender;
        this.listener = listener;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        this.leaseMs = settings.requestTimeout().toMillis() + 60_000;
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(settings.senders(), r -> {
            Thread t = new Thread(r, "xshathra-webhook-send-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        long ms = settings.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Polls soon (after a flush put batches in the outbox). */
    void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    wakeQueued.set(false);
                    poll();
                });
            } catch (RejectedExecutionException e) {
                wakeQueued.set(false);
            }
        }
    }

    /** Leases due batches for the free senders; runs on the scheduler thread. */
    private void poll() {
        int free = settings.senders() - inFlight.get();
        if (free <= 0 || !polling.compareAndSet(false, true)) {
            return;
        }
        List<ClaimedBatch> claimed;
        try {
            claimed = store.claim(owner, free, leaseMs).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            LOG.warn("webhooks: cannot read the outbox: {}", e.getMessage());
            return;
        } finally {
            polling.set(false);
        }
        for (ClaimedBatch b : claimed) {
            inFlight.incrementAndGet();
            try {
                senders.execute(() -> deliver(b));
            } catch (RejectedExecutionException e) {
                inFlight.decrementAndGet(); // closing: the lease runs out and another start delivers it
            }
        }
    }

    private void deliver(ClaimedBatch b) {
        try {
            WebhookDelivery d = sender.send(b);
            Long retryAt = null;
            if (d.succeeded()) {
                try {
                    listener.delivered(b.projectId(), b.eventCount());
                } catch (RuntimeException e) {
                    LOG.error("webhooks: a delivery listener failed", e);
                }
            } else {
                retryAt = settings.retry().retryAt(d.attempt(), b.createdAt(), clock.millis(),
                        () -> ThreadLocalRandom.current().nextDouble());
                if (retryAt == null) {
                    LOG.warn("webhooks: abandoned batch {} for endpoint {} after {} attempts (last: {})", b.id(),
                            b.endpointId(), d.attempt(), d.status() == 0 ? d.error() : "HTTP " + d.status());
                    d = new WebhookDelivery(d.endpointId(), d.attemptedAt(), d.status(),
                            (d.error().isEmpty() ? "" : d.error() + "; ") + "abandoned", d.durationMs(),
                            d.eventCount(), d.attempt());
                }
            }
            store.finish(b, d, retryAt).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("webhooks: cannot record the delivery of batch {}: {}", b.id(), e.getMessage());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Stops delivering; waits up to the request timeout for attempts under way. */
    void close() {
        senders.shutdown();
        try {
            if (!senders.awaitTermination(settings.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
        sender.close();
    }
}
