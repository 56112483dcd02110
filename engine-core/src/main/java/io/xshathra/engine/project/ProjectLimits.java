package io.xshathra.engine.project;

import java.util.Map;

/**
 * The per-project limits the engine enforces: connections, publications per second and
 * publication size. The control plane supplies the implementation; {@link #NONE} admits
 * everything. The engine asks only for connections and publications of a project (never for
 * the default space), so a deployment without projects never calls it.
 *
 * <p>Implementations are thread-safe, never block and answer from memory: each call costs a map
 * lookup, and nothing more for a project without limits.
 */
public interface ProjectLimits {

    /** Admits everything and announces nothing: the engine's default without a control plane. */
    ProjectLimits NONE = new ProjectLimits() {
        @Override
        public LimitRefusal admitConnection(String projectId) {
            return null;
        }

        @Override
        public LimitRefusal admitPublications(String projectId, int count, int dataBytes) {
            return null;
        }

        @Override
        public Map<String, Integer> localConnections() {
            return Map.of();
        }
    };

    /**
     * Whether one more authenticated connection of the project may join (any thread).
     *
     * @return null to admit it, else the refusal naming the connection limit
     */
    LimitRefusal admitConnection(String projectId);

    /**
     * Whether {@code count} publications of {@code dataBytes} bytes each may go into the project's
     * channels now (any thread). Admitted publications count towards the project's rate; refused
     * ones do not.
     *
     * @return null to admit them, else the refusal naming the limit (size first, then rate)
     */
    LimitRefusal admitPublications(String projectId, int count, int dataBytes);

    /**
     * This node's connection counts of the projects that have a connection limit, for the node
     * to announce to the other nodes of its cluster (empty when no project has one).
     */
    Map<String, Integer> localConnections();
}
