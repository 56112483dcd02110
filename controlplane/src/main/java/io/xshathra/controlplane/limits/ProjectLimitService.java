package io.xshathra.controlplane.limits;

import java.util.Objects;

/**
 * What the console needs of projects' limits: the stored overrides to show and change, and the
 * running limiter for the limits in force and their live usage.
 *
 * @param store   the projects' own limits in the database
 * @param limiter this node's limiter (effective limits, connections across the cluster, rate)
 */
public record ProjectLimitService(ProjectLimitStore store, ProjectLimiter limiter) {

    public ProjectLimitService {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(limiter, "limiter");
    }
}
