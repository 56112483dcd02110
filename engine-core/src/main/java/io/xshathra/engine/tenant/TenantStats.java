package io.xshathra.engine.tenant;

import io.xshathra.engine.channel.ChannelSpace;
import io.xshathra.engine.client.SessionRegistry;
import io.xshathra.engine.hub.Hub;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live figures of each project's space on this node, for the console: connections and users
 * come from the session registry and channels from the hub when asked; publications are
 * counted as the node delivers them ({@link #publication}, one striped counter bump).
 *
 * <p>The counter map holds one entry per project that had a publication delivered through this
 * node; projects are created by the control plane, which bounds their number. Thread-safe.
 */
public final class TenantStats {
    private final Hub hub;
    private final SessionRegistry sessions;
    private final Map<String, LongAdder> publications = new ConcurrentHashMap<>();

    public TenantStats(Hub hub, SessionRegistry sessions) {
        this.hub = hub;
        this.sessions = sessions;
    }

    /**
     * Live figures of one project's space on this node.
     *
     * @param connections  connected clients of the project
     * @param users        distinct users among them
     * @param channels     channels with at least one local subscriber
     * @param publications publications delivered through this node since start
     */
    public record ProjectStats(int connections, int users, int channels, long publications) {
    }

    /** Counts a publication delivered for an engine channel key (any thread). */
    public void publication(String channelKey) {
        publications.computeIfAbsent(ChannelSpace.project(channelKey), p -> new LongAdder()).increment();
    }

    /** Live figures of one project ("" = the default space). */
    public ProjectStats projectStats(String projectId) {
        SessionRegistry.ProjectCounts counts = sessions.projectCounts(projectId);
        int channels = hub.channelCounts(k -> ChannelSpace.project(k).equals(projectId)).size();
        LongAdder pubs = publications.get(projectId);
        return new ProjectStats(counts.connections(), counts.users(), channels, pubs == null ? 0 : pubs.sum());
    }
}
