package io.xshathra.engine.project;

import java.util.Objects;

/**
 * What the control plane plugs into the engine for projects, in one place so that the session
 * context carries a single component for all of it. {@link #NONE} when the engine runs without
 * projects (tests, benchmarks, a bare engine); the control plane builds its services from it with
 * the {@code with…} methods, each replacing one component.
 *
 * @param events     where events of projects' channels go (webhooks)
 * @param occupancy  turns this node's first/last local subscribers of project channels into
 *                   cluster-wide {@code channel_occupied}/{@code channel_vacated} events
 * @param limits     the projects' connection, publication rate and message size limits
 * @param usage      what projects' channel spaces use (usage over time)
 * @param namespaces each project's own namespaces ({@link ProjectNamespaces#NONE}: the configuration's for all)
 */
public record TenantServices(TenantEvents events, ChannelOccupancy occupancy, ProjectLimits limits,
                             TenantUsage usage, ProjectNamespaces namespaces) {

    /** No project services. */
    public static final TenantServices NONE = new TenantServices(TenantEvents.NONE, ChannelOccupancy.NONE,
            ProjectLimits.NONE, TenantUsage.NONE, ProjectNamespaces.NONE);

    public TenantServices {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(occupancy, "occupancy");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(namespaces, "namespaces");
    }

    /**
     * Services of a node that is alone (memory engine): occupancy events from this node's own
     * subscribers; nothing tracked when {@code events} is {@link TenantEvents#NONE}.
     */
    public static TenantServices local(TenantEvents events, java.time.Clock clock) {
        return events == TenantEvents.NONE ? NONE : NONE.withEvents(events).withOccupancy(new LocalOccupancy(events, clock));
    }

    /** These services sending projects' channel events to {@code tenantEvents}. */
    public TenantServices withEvents(TenantEvents tenantEvents) {
        return new TenantServices(tenantEvents, occupancy, limits, usage, namespaces);
    }

    /** These services tracking channel occupancy through {@code channelOccupancy}. */
    public TenantServices withOccupancy(ChannelOccupancy channelOccupancy) {
        return new TenantServices(events, channelOccupancy, limits, usage, namespaces);
    }

    /** These services with the projects' limits. */
    public TenantServices withLimits(ProjectLimits projectLimits) {
        return new TenantServices(events, occupancy, projectLimits, usage, namespaces);
    }

    /** These services counting the projects' usage. */
    public TenantServices withUsage(TenantUsage tenantUsage) {
        return new TenantServices(events, occupancy, limits, tenantUsage, namespaces);
    }

    /** These services with the projects' own namespaces. */
    public TenantServices withNamespaces(ProjectNamespaces projectNamespaces) {
        return new TenantServices(events, occupancy, limits, usage, projectNamespaces);
    }
}
