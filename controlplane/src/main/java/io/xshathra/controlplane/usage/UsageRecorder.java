package io.xshathra.controlplane.usage;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns this node's {@link UsageCounters} and connection counts into per-minute usage and keeps
 * it in {@link UsageRows}: {@link #tick()} every few seconds samples (what the counters gained
 * since the last look goes to the current minute; connections raise the minute's peak) and, once
 * a minute has ended, writes the hours that changed, one row per project and hour owned by this
 * node; {@link #read} sums every node's rows with this node's unwritten figures. Rows older than
 * {@link #RETENTION_MS} are pruned a bounded batch at a time. {@link #close()} writes what is left.
 *
 * <p>Figures are attributed to the minute in which they were sampled, so an event near a
 * minute's end may count in the next one (at most one tick late). Memory: one {@link HourSlots}
 * per project active in the current hour (plus hours whose write failed, for at most a day).
 * Thread-safe: the state is guarded by this object; storage work runs on the storage executor.
 */
public final class UsageRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);
    /** Rows are kept this long: the last 24 hours plus the hour the window starts in. */
    public static final long RETENTION_MS = 25 * HourSlots.HOUR_MS;
    /** How often the server samples; connections are peaks of these samples. */
    public static final long TICK_MS = 10_000;
    /** Rows deleted per prune, so one prune never holds the database long. */
    static final int PRUNE_BATCH = 1000;
    /** A project without any figure for this long loses its counters entry (it is made again on use). */
    static final long FORGET_AFTER_MS = 10 * HourSlots.MINUTE_MS;
    private static final long CLOSE_WAIT_MS = 10_000;

    /** This node's connections per project, at the moment of asking. */
    @FunctionalInterface
    public interface Connections {
        Map<String, Integer> byProject();
    }

    private record Key(String projectId, long hourMs) {
    }

    /** What the recorder saw of one project's totals at its last look. */
    private static final class Seen {
        long publicationsIn;
        long deliveriesOut;
        long webhookDeliveries;
        long activeAt;

        Seen(long now) {
            activeAt = now;
        }
    }

    private final String nodeId;
    private final UsageCounters counters;
    private final Connections connections;
    private final UsageRows rows;
    private final Clock clock;
    private final Map<String, Seen> seen = new HashMap<>();
    private final Map<Key, HourSlots> open = new HashMap<>();
    private final Set<Key> dirty = new HashSet<>();
    private long writtenMinute = Long.MIN_VALUE;
    /** The last write: writes run one after another, so an older hour never overwrites a newer one. */
    private CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);

    public UsageRecorder(String nodeId, UsageCounters counters, Connections connections, UsageRows rows, Clock clock) {
        this.nodeId = nodeId;
        this.counters = counters;
        this.connections = connections;
        this.rows = rows;
        this.clock = clock;
    }

    /** The clock minutes are taken from. */
    public Clock clock() {
        return clock;
    }

    /** The counters the engine and webhook delivery feed. */
    public UsageCounters counters() {
        return counters;
    }

    /** Samples now, and writes when a minute ended since the last write (run it every {@link #TICK_MS}). */
    public synchronized void tick() {
        try {
            if (HourSlots.minuteOf(clock.millis()) != writtenMinute) {
                flush();
            } else {
                sample();
            }
        } catch (RuntimeException e) {
            // A timer task that throws is never run again: say so and keep ticking.
            LOG.warn("usage sample failed: {}", e.toString());
        }
    }

    /**
     * Samples, then writes every hour that changed and prunes a batch of old rows, after the
     * writes already under way; the stage completes when this write is done (it never fails).
     */
    public synchronized CompletionStage<Void> flush() {
        List<HourRow> batch = new ArrayList<>();
        sample();
        long now = clock.millis();
        writtenMinute = HourSlots.minuteOf(now);
        for (Key k : dirty) {
            batch.add(new HourRow(k.projectId(), nodeId, k.hourMs(), open.get(k).encode()));
        }
        dirty.clear();
        evict(now);
        writing = writing.thenCompose(v -> write(batch, now)).toCompletableFuture();
        return writing;
    }

    private CompletionStage<Void> write(List<HourRow> batch, long now) {
        CompletionStage<Void> saved = batch.isEmpty() ? CompletableFuture.completedFuture(null) : rows.save(batch);
        return saved.handle((v, e) -> {
            if (e != null) {
                LOG.warn("usage of {} project hour(s) not written, retrying next minute: {}", batch.size(), e.getMessage());
                remark(batch);
            }
            return null;
        }).thenCompose(v -> rows.prune(now - RETENTION_MS, PRUNE_BATCH).handle((n, e) -> {
            if (e != null) {
                LOG.debug("usage prune failed: {}", e.getMessage());
            }
            return (Void) null;
        }));
    }

    /**
     * Every minute of a project in {@code [fromMs, toMs)} (both rounded down to the minute), all
     * nodes summed, this node's figures up to this moment.
     */
    public CompletionStage<List<UsageMinute>> read(String projectId, long fromMs, long toMs) {
        long from = HourSlots.minuteOf(fromMs);
        long to = HourSlots.minuteOf(toMs);
        Map<Long, HourSlots> mine = new HashMap<>();
        synchronized (this) {
            sample();
            open.forEach((k, slots) -> {
                if (k.projectId().equals(projectId)) {
                    HourSlots copy = new HourSlots();
                    copy.addAll(slots);
                    mine.put(k.hourMs(), copy);
                }
            });
        }
        return rows.rows(projectId, HourSlots.hourOf(from), to).thenApply(stored -> {
            Map<Long, HourSlots> sum = new HashMap<>(mine);
            for (HourRow r : stored) {
                if (r.nodeId().equals(nodeId) && mine.containsKey(r.hourMs())) {
                    continue;
                }
                HourSlots s;
                try {
                    s = HourSlots.decode(r.slots());
                } catch (IllegalArgumentException e) {
                    LOG.warn("usage row of project {} hour {} is unreadable, skipped: {}", projectId, r.hourMs(),
                            e.getMessage());
                    continue;
                }
                sum.computeIfAbsent(r.hourMs(), h -> new HourSlots()).addAll(s);
            }
            return minutes(sum, from, to);
        });
    }

    /** Writes what is left, waiting a bounded time (graceful shutdown). */
    @Override
    public void close() {
        try {
            flush().toCompletableFuture().get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("usage of the last minute not written at shutdown: {}", e.getMessage());
        }
    }

    private static List<UsageMinute> minutes(Map<Long, HourSlots> hours, long from, long to) {
        List<UsageMinute> out = new ArrayList<>((int) Math.max(0, (to - from) / HourSlots.MINUTE_MS));
        for (long t = from; t < to; t += HourSlots.MINUTE_MS) {
            HourSlots h = hours.get(HourSlots.hourOf(t));
            int m = HourSlots.slotOf(t);
            out.add(h == null ? new UsageMinute(t, 0, 0, 0, 0)
                    : new UsageMinute(t, h.connections(m), h.publicationsIn(m), h.deliveriesOut(m),
                    h.webhookDeliveries(m)));
        }
        return out;
    }

    /** Moves what the counters gained, and the connections, into the current minute. Holds the lock. */
    private void sample() {
        long now = clock.millis();
        long hour = HourSlots.hourOf(now);
        int minute = HourSlots.slotOf(now);
        Iterator<Map.Entry<String, UsageCounters.Totals>> it = counters.all().entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, UsageCounters.Totals> e = it.next();
            UsageCounters.Totals t = e.getValue();
            Seen s = seen.computeIfAbsent(e.getKey(), p -> new Seen(now));
            long in = t.publicationsIn.sum();
            long out = t.deliveriesOut.sum();
            long hooks = t.webhookDeliveries.sum();
            if (in != s.publicationsIn || out != s.deliveriesOut || hooks != s.webhookDeliveries) {
                slots(e.getKey(), hour).add(minute, in - s.publicationsIn, out - s.deliveriesOut,
                        hooks - s.webhookDeliveries);
                s.publicationsIn = in;
                s.deliveriesOut = out;
                s.webhookDeliveries = hooks;
                s.activeAt = now;
            } else if (now - s.activeAt >= FORGET_AFTER_MS) {
                counters.forget(e.getKey(), t);
                seen.remove(e.getKey());
            }
        }
        connections.byProject().forEach((projectId, n) -> {
            if (n > 0) {
                Key k = new Key(projectId, hour);
                if (open.computeIfAbsent(k, x -> new HourSlots()).peakConnections(minute, n)) {
                    dirty.add(k);
                }
            }
        });
    }

    private HourSlots slots(String projectId, long hour) {
        Key k = new Key(projectId, hour);
        dirty.add(k);
        return open.computeIfAbsent(k, x -> new HourSlots());
    }

    /**
     * Drops hours written before the previous one (the previous one stays, so that a write of it
     * still in flight can be retried if it fails), and unwritten ones past retention. Holds the lock.
     */
    private void evict(long now) {
        long keepFrom = HourSlots.hourOf(now) - HourSlots.HOUR_MS;
        open.keySet().removeIf(k -> k.hourMs() < keepFrom && (!dirty.contains(k) || k.hourMs() < now - RETENTION_MS));
        dirty.removeIf(k -> !open.containsKey(k));
    }

    private synchronized void remark(List<HourRow> failed) {
        for (HourRow r : failed) {
            Key k = new Key(r.projectId(), r.hourMs());
            if (open.containsKey(k)) {
                dirty.add(k);
            }
        }
    }
}
