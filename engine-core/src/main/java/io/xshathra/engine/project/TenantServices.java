package io.xshathra.engine.project;

import java.util.Objects;

/**
 * What the control plane plugs into the engine for projects, in one place so that the session
 * context carries a single component for all of it. {@link #NONE} when the engine runs without
 * projects (tests, benchmarks, a bare engine).
 *
 * @param events     where events of projects' channels go (webhooks)
 * @param namespaces each project's own namespaces ({@link ProjectNamespaces#NONE}: the configuration's for all)
 */
public record TenantServices(TenantEvents events, ProjectNamespaces namespaces) {

    /** No project services. */
    public static final TenantServices NONE = new TenantServices(TenantEvents.NONE, ProjectNamespaces.NONE);

    public TenantServices {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(namespaces, "namespaces");
    }

    /** Events only; every project uses the configuration's namespaces. */
    public TenantServices(TenantEvents events) {
        this(events, ProjectNamespaces.NONE);
    }
}
