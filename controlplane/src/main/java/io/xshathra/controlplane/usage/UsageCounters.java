package io.xshathra.controlplane.usage;

import io.xshathra.engine.channel.ChannelSpace;
import io.xshathra.engine.project.TenantUsage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * This node's running totals per project, fed by the engine ({@link TenantUsage}) and by webhook
 * delivery ({@link #webhookDelivered}). Totals only grow; the {@link UsageRecorder} turns them
 * into minutes by remembering what it saw last, so nothing counted between two looks is lost.
 * One entry per project that used something, each a few striped counters: the bump on a hot
 * path is a map lookup and a {@link LongAdder} add. Keys of the default space are ignored.
 * Thread-safe.
 */
public final class UsageCounters implements TenantUsage {

    /** One project's totals since the entry was made. */
    static final class Totals {
        final LongAdder publicationsIn = new LongAdder();
        final LongAdder deliveriesOut = new LongAdder();
        final LongAdder webhookDeliveries = new LongAdder();
    }

    private final Map<String, Totals> projects = new ConcurrentHashMap<>();

    @Override
    public void published(String channelKey) {
        if (isProjectKey(channelKey)) {
            totals(ChannelSpace.project(channelKey)).publicationsIn.increment();
        }
    }

    @Override
    public void delivered(String channelKey, int subscribers) {
        if (subscribers > 0 && isProjectKey(channelKey)) {
            totals(ChannelSpace.project(channelKey)).deliveriesOut.add(subscribers);
        }
    }

    /** The project's webhook endpoints accepted {@code n} more deliveries (any thread). */
    public void webhookDelivered(String projectId, int n) {
        if (n > 0 && projectId != null && !projectId.isEmpty()) {
            totals(projectId).webhookDeliveries.add(n);
        }
    }

    /** The live entries, for the recorder's look. */
    Map<String, Totals> all() {
        return projects;
    }

    /** Drops a project's entry if it is still this one (the recorder forgets long-idle projects). */
    void forget(String projectId, Totals t) {
        projects.remove(projectId, t);
    }

    private Totals totals(String projectId) {
        Totals t = projects.get(projectId);
        return t != null ? t : projects.computeIfAbsent(projectId, p -> new Totals());
    }

    private static boolean isProjectKey(String key) {
        return !key.isEmpty() && key.charAt(0) == ChannelSpace.SEPARATOR;
    }
}
