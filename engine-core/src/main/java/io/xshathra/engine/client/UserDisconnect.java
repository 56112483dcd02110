package io.xshathra.engine.client;

import io.xshathra.protocol.Disconnect;

/**
 * Disconnects a user's connections on the other nodes of the cluster (this node's are reached
 * through the {@link SessionRegistry}). Given to the commands by the composition root, which
 * routes it over the cluster's control bus; must not block.
 */
@FunctionalInterface
public interface UserDisconnect {
    /** A single node: there are no other nodes to tell. */
    UserDisconnect NONE = (projectId, user, keepClientId, d) -> { };

    /**
     * Disconnects every connection of {@code user} in {@code projectId} on the other nodes with
     * {@code d}, except the connection {@code keepClientId}.
     */
    void onOtherNodes(String projectId, String user, String keepClientId, Disconnect d);
}
