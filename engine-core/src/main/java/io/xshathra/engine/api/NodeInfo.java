package io.xshathra.engine.api;

import java.util.Map;

/**
 * One node's figures, as the server API's {@code info} lists them and as nodes announce
 * themselves to each other.
 *
 * @param projectConnections this node's connections of each project with a connection limit
 *                           (announced so that every node sees the cluster's count; not part of
 *                           the {@code info} answer); empty when no project has one
 */
public record NodeInfo(String uid, String name, String version, int numClients, int numUsers,
                       int numChannels, long uptimeSeconds, int numSubs, Map<String, Integer> projectConnections) {

    public NodeInfo {
        projectConnections = projectConnections == null ? Map.of() : Map.copyOf(projectConnections);
    }

    /** Figures without per-project connection counts. */
    public NodeInfo(String uid, String name, String version, int numClients, int numUsers, int numChannels,
                    long uptimeSeconds, int numSubs) {
        this(uid, name, version, numClients, numUsers, numChannels, uptimeSeconds, numSubs, Map.of());
    }
}
