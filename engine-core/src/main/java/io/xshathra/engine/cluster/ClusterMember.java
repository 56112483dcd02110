package io.xshathra.engine.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/**
 * The node side of a {@link Cluster}: what the cluster asks of the node it runs on. The cluster
 * routes requests between nodes without interpreting them; this side knows what they mean.
 * Implementations are thread-safe: calls arrive on the control bus's receiving thread.
 *
 * @param <I> this node's figures as nodes announce them to each other (a JSON-mappable record)
 */
public interface ClusterMember<I> {

    /** This node's id; messages carry it as their sender. */
    String id();

    /** This node's current figures. */
    I self();

    /** The type of the figures, to decode other nodes' announcements. */
    Class<I> infoType();

    /**
     * Applies a request another node fanned out ({@link Cluster#fanOut}) to this node's own
     * connections.
     *
     * @param op      the operation the sender named
     * @param project the project space the request addresses ("" = the default space)
     * @param request the request as the sender encoded it
     * @return false when this node does not know {@code op} (the message is ignored)
     * @throws IOException when the request does not decode
     */
    boolean applyLocally(String op, String project, JsonNode request) throws IOException;

    /** Channels with subscribers on this node in a project's space, filtered by a glob (""= all). */
    Map<String, Integer> localChannels(String project, String pattern);
}
