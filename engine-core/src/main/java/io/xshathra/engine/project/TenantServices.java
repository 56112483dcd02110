package io.xshathra.engine.project;

import java.util.Objects;

/**
 * What the control plane plugs into the engine for projects, in one place so that the session
 * context carries a single component for all of it. {@link #NONE} when the engine runs without
 * projects (tests, benchmarks, a bare engine).
 *
 * @param events where events of projects' channels go (webhooks)
 * @param usage  what projects' channel spaces use (usage over time)
 */
public record TenantServices(TenantEvents events, TenantUsage usage) {

    /** No project services. */
    public static final TenantServices NONE = new TenantServices(TenantEvents.NONE, TenantUsage.NONE);

    public TenantServices {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(usage, "usage");
    }

    /** Events only; usage is not counted. */
    public TenantServices(TenantEvents events) {
        this(events, TenantUsage.NONE);
    }
}
