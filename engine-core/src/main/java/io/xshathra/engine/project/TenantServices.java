package io.xshathra.engine.project;

import java.util.Objects;

/**
 * What the control plane plugs into the engine for projects, in one place so that the session
 * context carries a single component for all of it. {@link #NONE} when the engine runs without
 * projects (tests, benchmarks, a bare engine).
 *
 * @param events    where events of projects' channels go (webhooks)
 * @param occupancy turns this node's first/last local subscribers of project channels into
 *                  cluster-wide {@code channel_occupied}/{@code channel_vacated} events
 * @param limits    the projects' connection, publication rate and message size limits
 */
public record TenantServices(TenantEvents events, ChannelOccupancy occupancy, ProjectLimits limits) {

    /** No project services. */
    public static final TenantServices NONE =
            new TenantServices(TenantEvents.NONE, ChannelOccupancy.NONE, ProjectLimits.NONE);

    public TenantServices {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(occupancy, "occupancy");
        Objects.requireNonNull(limits, "limits");
    }

    /** Events and occupancy, no limits. */
    public TenantServices(TenantEvents events, ChannelOccupancy occupancy) {
        this(events, occupancy, ProjectLimits.NONE);
    }

    /**
     * Services of a node that is alone (memory engine): occupancy events from this node's own
     * subscribers; nothing tracked when {@code events} is {@link TenantEvents#NONE}.
     */
    public static TenantServices local(TenantEvents events, java.time.Clock clock) {
        return events == TenantEvents.NONE ? NONE : new TenantServices(events, new LocalOccupancy(events, clock));
    }

    /** These services with the projects' limits. */
    public TenantServices withLimits(ProjectLimits projectLimits) {
        return new TenantServices(events, occupancy, projectLimits);
    }
}
