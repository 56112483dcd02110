package io.xshathra.engine.project;

import java.util.Objects;

/**
 * What the control plane plugs into the engine for projects, in one place so that the session
 * context carries a single component for all of it. {@link #NONE} when the engine runs without
 * projects (tests, benchmarks, a bare engine).
 *
 * @param events where events of projects' channels go (webhooks)
 * @param limits the projects' connection, publication rate and message size limits
 */
public record TenantServices(TenantEvents events, ProjectLimits limits) {

    /** No project services. */
    public static final TenantServices NONE = new TenantServices(TenantEvents.NONE, ProjectLimits.NONE);

    public TenantServices {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(limits, "limits");
    }

    /** Events only, no limits. */
    public TenantServices(TenantEvents events) {
        this(events, ProjectLimits.NONE);
    }
}
