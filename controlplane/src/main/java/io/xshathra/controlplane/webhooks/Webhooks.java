package io.xshathra.controlplane.webhooks;

import io.xshathra.controlplane.ProjectIndex;
import io.xshathra.controlplane.security.ProxyTargets;
import io.xshathra.engine.project.TenantEvent;
import io.xshathra.engine.project.TenantEvents;
import io.xshathra.engine.util.LogThrottle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects' webhooks as the engine sees them ({@link TenantEvents}): {@link #wants} is a lookup in
 * the in-memory {@link WebhookIndex}; {@link #emit} puts the event in a bounded memory buffer
 * (counted in events and bytes; a full buffer drops the event, counts it and warns at most every
 * 10 s) and returns. A flush, every {@code flushInterval} or as soon as {@code flushAt} events wait,
 * writes the buffer to the database outbox in one transaction, one batch per endpoint; the
 * {@link WebhookOutbox} then delivers from there, so nothing accepted into the outbox is lost by a
 * restart. {@link #close()} flushes what is still buffered before it returns.
 *
 * <p>Threads: one scheduler thread ({@code xshathra-webhooks}) flushes and polls; the outbox's
 * own sender threads deliver.
 */
public final class Webhooks implements TenantEvents, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    /** The size an event is counted at beyond its channel and data (ids, names, JSON punctuation). */
    private static final int EVENT_OVERHEAD = 160;

    private final WebhookStore store;
    private final WebhookSettings settings;
    private final Clock clock;
    private final WebhookIndex index;
    private final WebhookOutbox outbox;
    private final ScheduledExecutorService scheduler;
    private final Queue<Pending> buffer = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LogThrottle dropWarnings = new LogThrottle(10, TimeUnit.SECONDS);
    private final Object flushLock = new Object();

    private record Pending(TenantEvent event, int size) {
    }

    private Webhooks(WebhookStore store, ProxyTargets targets, WebhookListener listener, WebhookSettings settings,
                     Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = clock;
        this.index = new WebhookIndex(store);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "xshathra-webhooks");
            t.setDaemon(true);
            return t;
        });
        this.outbox = new WebhookOutbox(store, new WebhookSender(targets, clock, settings.requestTimeout()), listener,
                settings, clock, scheduler);
    }

    /**
     * Starts flushing and delivering. The endpoint index starts empty: hand {@link #endpoints()}
     * to a {@link io.xshathra.controlplane.ProjectIndexLoader}, which loads it and keeps it current.
     *
     * @param targets  which hosts endpoints may be on (checked again before each delivery)
     * @param listener told about each successful delivery
     */
    public static Webhooks start(WebhookStore store, ProxyTargets targets, WebhookListener listener,
                                 WebhookSettings settings) {
        Webhooks w = new Webhooks(store, targets, listener, settings, settings.clock());
        long flushMs = settings.flushInterval().toMillis();
        w.scheduler.scheduleWithFixedDelay(w::flushQuietly, flushMs, flushMs, TimeUnit.MILLISECONDS);
        w.outbox.start();
        return w;
    }

    @Override
    public boolean wants(String projectId, TenantEvent.Kind kind) {
        return index.wants(projectId, kind);
    }

    @Override
    public void emit(TenantEvent event) {
        if (closed.get() || !index.wants(event.projectId(), event.kind())) {
            return;
        }
        int size = EVENT_OVERHEAD + 2 * (event.channel().length() + event.user().length() + event.client().length())
                + (event.data() == null ? 0 : event.data().length * 4 / 3 + 4);
        if (buffered.incrementAndGet() > settings.bufferEvents()
                || bufferedBytes.addAndGet(size) > settings.bufferBytes() || size > WebhookBodies.MAX_BYTES) {
            buffered.decrementAndGet();
            bufferedBytes.addAndGet(-size);
            drop(1, "the webhook buffer is full");
            return;
        }
        buffer.add(new Pending(event, size));
        if (buffered.get() >= settings.flushAt() && flushQueued.compareAndSet(false, true)) {
            try {
                scheduler.execute(this::flushQuietly);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                flushQueued.set(false);
            }
        }
    }

    private void drop(long n, String why) {
        dropped.addAndGet(n);
        long held = dropWarnings.admit();
        if (held >= 0) {
            LOG.warn("webhooks: dropped {} event(s): {}; {} dropped since start{}", n, why, dropped.get(),
                    LogThrottle.more(held));
        }
    }

    /** Events dropped so far (full buffer, full outbox, database errors). */
    public long dropped() {
        return dropped.get();
    }

    /** Which projects' endpoints want which events, for the {@link io.xshathra.controlplane.ProjectIndexLoader}. */
    public ProjectIndex<List<WebhookEndpoint>, ?> endpoints() {
        return index;
    }

    /** The endpoint index (tests). */
    WebhookIndex index() {
        return index;
    }

    private void flushQuietly() {
        flushQueued.set(false);
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.error("webhooks: flushing failed", e);
        }
    }

    /**
     * Writes every buffered event to the outbox now (one transaction), one batch per endpoint
     * that wants it; blocks until written. Events of projects that no longer want them are
     * dropped quietly.
     */
    public void flush() {
        synchronized (flushLock) {
            List<Pending> taken = new ArrayList<>();
            for (Pending p; (p = buffer.poll()) != null; ) {
                taken.add(p);
                buffered.decrementAndGet();
                bufferedBytes.addAndGet(-p.size());
            }
            if (taken.isEmpty()) {
                return;
            }
            List<OutboxBatch> batches = batches(taken);
            if (batches.isEmpty()) {
                return;
            }
            try {
                int skipped = store.enqueue(batches).toCompletableFuture().get(30, TimeUnit.SECONDS);
                if (skipped > 0) {
                    drop(skipped, "a project's outbox is full (" + WebhookStore.MAX_OUTBOX_PER_PROJECT
                            + " batches) or its endpoint was removed");
                }
                outbox.wake();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                drop(taken.size(), "interrupted while writing the outbox");
            } catch (Exception e) {
                drop(taken.size(), "cannot write the outbox: " + e.getMessage());
            }
        }
    }

    /** Groups the events by endpoint (in arrival order) and cuts them into bodies. */
    private List<OutboxBatch> batches(List<Pending> taken) {
        Map<String, List<String>> byEndpoint = new LinkedHashMap<>();
        Map<String, String> projectOf = new LinkedHashMap<>();
        for (Pending p : taken) {
            WebhookIndex.Entry entry = index.of(p.event().projectId());
            if (entry == null) {
                continue;
            }
            int bit = WebhookIndex.bit(p.event().kind());
            String json = null;
            for (WebhookIndex.Target t : entry.targets()) {
                if ((t.mask() & bit) != 0) {
                    json = json == null ? WebhookBodies.event(p.event()) : json;
                    byEndpoint.computeIfAbsent(t.endpointId(), id -> new ArrayList<>()).add(json);
                    projectOf.put(t.endpointId(), p.event().projectId());
                }
            }
        }
        List<OutboxBatch> out = new ArrayList<>();
        long now = clock.millis();
        byEndpoint.forEach((endpoint, events) -> {
            for (WebhookBodies.Body b : WebhookBodies.bodies(events, now)) {
                out.add(new OutboxBatch(endpoint, projectOf.get(endpoint), b.json(), b.events()));
            }
        });
        return out;
    }

    /** Stops taking events, writes what is buffered to the outbox, and stops delivering. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
        outbox.close();
    }
}
