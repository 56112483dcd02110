package io.xshathra.controlplane.limits;

import io.xshathra.controlplane.ControlPlaneException;

/**
 * A project's own limits where it has them; a null field takes the configured default, 0 means
 * "no limit" for this project whatever the default says.
 *
 * @param maxConnections           see {@link LimitSettings#maxConnections()}
 * @param maxPublicationsPerSecond see {@link LimitSettings#maxPublicationsPerSecond()}
 * @param maxMessageSize           see {@link LimitSettings#maxMessageSize()}
 */
public record LimitOverrides(Integer maxConnections, Integer maxPublicationsPerSecond, Integer maxMessageSize) {

    /** No override: every limit is the default. */
    public static final LimitOverrides NONE = new LimitOverrides(null, null, null);

    public LimitOverrides {
        check("max_connections", maxConnections);
        check("max_publications_per_second", maxPublicationsPerSecond);
        check("max_message_size", maxMessageSize);
    }

    /** Whether every limit is the default. */
    public boolean isEmpty() {
        return maxConnections == null && maxPublicationsPerSecond == null && maxMessageSize == null;
    }

    /** These overrides with the fields {@code change} sets replaced. */
    public LimitOverrides with(LimitOverrides change) {
        return new LimitOverrides(
                change.maxConnections != null ? change.maxConnections : maxConnections,
                change.maxPublicationsPerSecond != null ? change.maxPublicationsPerSecond : maxPublicationsPerSecond,
                change.maxMessageSize != null ? change.maxMessageSize : maxMessageSize);
    }

    /** The limits the project runs with over the given defaults. */
    public LimitSettings over(LimitSettings defaults) {
        return new LimitSettings(
                maxConnections != null ? maxConnections : defaults.maxConnections(),
                maxPublicationsPerSecond != null ? maxPublicationsPerSecond : defaults.maxPublicationsPerSecond(),
                maxMessageSize != null ? maxMessageSize : defaults.maxMessageSize());
    }

    static void check(String name, Integer value) {
        if (value != null && value < 0) {
            throw new ControlPlaneException(ControlPlaneException.Reason.INVALID_ARGUMENT,
                    name + " must be 0 (no limit) or more, got " + value);
        }
    }
}
