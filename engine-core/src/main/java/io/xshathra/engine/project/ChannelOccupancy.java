package io.xshathra.engine.project;

/**
 * Whether project channels are occupied anywhere in the cluster, fed with this node's local
 * transitions and reporting the cluster-wide ones as {@code channel_occupied} /
 * {@code channel_vacated} {@link TenantEvent}s.
 *
 * <p>The engine calls {@link #firstLocal} when a project channel gets its first subscriber on
 * this node and {@link #lastLocal} when its last one here leaves, only for project channel keys
 * (never the default space), never per subscriber or per message. Calls for one key may arrive
 * from different threads in an order other than the transitions happened in; implementations
 * settle that themselves ({@link LocalTransitions}). Both methods are cheap and never block.
 */
public interface ChannelOccupancy extends AutoCloseable {

    /** Tracks nothing: the default when no project can want events. */
    ChannelOccupancy NONE = new ChannelOccupancy() {
        @Override
        public void firstLocal(String key) {
        }

        @Override
        public void lastLocal(String key) {
        }
    };

    /** The project channel {@code key} (an engine key) got its first subscriber on this node. */
    void firstLocal(String key);

    /** The project channel {@code key} lost its last subscriber on this node. */
    void lastLocal(String key);

    /** Stops background work and releases what this node holds (idempotent). */
    @Override
    default void close() {
    }
}
