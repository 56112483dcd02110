package io.xshathra.controlplane.limits;

import io.xshathra.engine.api.NodeInfo;
import io.xshathra.engine.client.SessionRegistry;
import io.xshathra.engine.project.LimitRefusal;
import io.xshathra.engine.project.ProjectLimits;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Enforces projects' limits on this node, for the engine ({@link ProjectLimits}) and the tenant API.
 *
 * <ul>
 *   <li>Connections are counted across the cluster: this node's count, exact, plus what the other
 *       nodes announced (every 3 s, see {@link #observe}). Connects arriving on several nodes at
 *       the same moment may overshoot by what the announcements have not yet carried.</li>
 *   <li>Publications per second: each node admits its share, the limit divided by the number of
 *       live nodes (rounded up, at least one), from a token bucket holding one second's worth.
 *       Evenly balanced traffic gets the project's limit; traffic that lands on one node gets that
 *       node's share.</li>
 *   <li>Message size: the publication's data in bytes, checked before the rate.</li>
 * </ul>
 * A project without limits costs one map lookup per connect or publish. The bucket map holds one
 * entry per project with a rate limit that published through this node (projects are created by
 * the control plane, which bounds their number). Thread-safe.
 */
public final class ProjectLimiter implements ProjectLimits {
    private final ProjectLimitIndex index;
    private final SessionRegistry sessions;
    private final LongSupplier nanoClock;
    private final Map<String, PublicationRate> rates = new ConcurrentHashMap<>();
    /** Other nodes' connection counts of limited projects, summed; replaced whole by {@link #observe}. */
    private volatile Map<String, Integer> peerConnections = Map.of();
    private volatile int liveNodes = 1;

    /**
     * What the console shows of a project's limits.
     *
     * @param limits                the limits the project runs with
     * @param connections           its connections across the cluster (others' as last announced)
     * @param publicationsPerSecond publications this node admitted in the last second (counted only
     *                              while a rate limit is set; 0 otherwise)
     * @param nodes                 live nodes, among which the publication rate is shared
     */
    public record Usage(LimitSettings limits, int connections, int publicationsPerSecond, int nodes) {
    }

    public ProjectLimiter(ProjectLimitIndex index, SessionRegistry sessions, LongSupplier nanoClock) {
        this.index = Objects.requireNonNull(index, "index");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    @Override
    public LimitRefusal admitConnection(String projectId) {
        int max = index.of(projectId).maxConnections();
        if (max == 0) {
            return null;
        }
        return connections(projectId) >= max ? LimitRefusal.connections(max) : null;
    }

    @Override
    public LimitRefusal admitPublications(String projectId, int count, int dataBytes) {
        LimitSettings l = index.of(projectId);
        if (l.maxMessageSize() > 0 && dataBytes > l.maxMessageSize()) {
            return LimitRefusal.size(l.maxMessageSize(), dataBytes);
        }
        int max = l.maxPublicationsPerSecond();
        if (max == 0) {
            return null;
        }
        long wait = rate(projectId, max).take(count, nanoClock.getAsLong());
        return wait == 0 ? null : LimitRefusal.rate(max, wait);
    }

    @Override
    public Map<String, Integer> localConnections() {
        Map<String, Integer> out = new HashMap<>();
        sessions.projectConnectionCounts().forEach((project, n) -> {
            if (index.of(project).maxConnections() > 0) {
                out.put(project, n);
            }
        });
        return out;
    }

    /**
     * Takes the cluster's latest figures: this node first, then every other live node (as
     * {@code Cluster.nodes()} lists them). Called every second by the server.
     */
    public void observe(List<NodeInfo> nodes) {
        Map<String, Integer> sum = new HashMap<>();
        for (int i = 1; i < nodes.size(); i++) {
            nodes.get(i).projectConnections().forEach((p, n) -> sum.merge(p, n, Integer::sum));
        }
        peerConnections = Map.copyOf(sum);
        liveNodes = Math.max(1, nodes.size());
    }

    /** The project's limits and how much of them it uses now. */
    public Usage usage(String projectId) {
        LimitSettings l = index.of(projectId);
        PublicationRate r = rates.get(projectId);
        int recent = r == null || l.maxPublicationsPerSecond() == 0 ? 0 : r.recent(nanoClock.getAsLong());
        return new Usage(l, connections(projectId), recent, liveNodes);
    }

    /** The project's connections across the cluster. */
    private int connections(String projectId) {
        return sessions.projectConnections(projectId) + peerConnections.getOrDefault(projectId, 0);
    }

    /** The project's bucket for this node's share of {@code max}, replaced when the share changed. */
    private PublicationRate rate(String projectId, int max) {
        int share = (int) Math.max(1, ((long) max + liveNodes - 1) / liveNodes);
        PublicationRate r = rates.get(projectId);
        if (r != null && r.perSecond() == share) {
            return r;
        }
        return rates.compute(projectId, (p, old) -> old != null && old.perSecond() == share ? old
                : new PublicationRate(share, nanoClock.getAsLong()));
    }
}
