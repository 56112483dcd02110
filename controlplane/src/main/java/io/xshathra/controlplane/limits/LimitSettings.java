package io.xshathra.controlplane.limits;

/**
 * The limits one project runs with, each 0 for "no limit": the configured defaults
 * ({@code xshathra.project_limits.*}) or a project's effective limits once its overrides are
 * applied.
 *
 * @param maxConnections           authenticated connections of the project across the cluster
 * @param maxPublicationsPerSecond publications into the project's channels per second, client
 *                                 publishes and API publishes and broadcasts together
 * @param maxMessageSize           bytes of one publication's data
 */
public record LimitSettings(int maxConnections, int maxPublicationsPerSecond, int maxMessageSize) {

    /** No limit at all: the default of every key. */
    public static final LimitSettings UNLIMITED = new LimitSettings(0, 0, 0);

    public LimitSettings {
        LimitOverrides.check("max_connections", maxConnections);
        LimitOverrides.check("max_publications_per_second", maxPublicationsPerSecond);
        LimitOverrides.check("max_message_size", maxMessageSize);
    }

    /** Whether no limit is set. */
    public boolean unlimited() {
        return maxConnections == 0 && maxPublicationsPerSecond == 0 && maxMessageSize == 0;
    }
}
