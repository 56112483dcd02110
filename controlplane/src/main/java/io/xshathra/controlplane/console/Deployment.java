package io.xshathra.controlplane.console;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What the operator page says about the deployment besides the nodes: the product version, how
 * publications travel between nodes, where the control plane keeps its data, and the health check
 * that {@code /realtime/health} answers with. Nothing in it may hold a password.
 *
 * @param productVersion the server's version, e.g. {@code 0.1.0}
 * @param engine         the engine's description, e.g. {@code memory} or the Redis addresses (passwords masked)
 * @param database       the control plane's database kind, e.g. {@code SQLite} or {@code PostgreSQL}
 * @param healthy        the health endpoint's check: true while the engine's storage answers
 */
public record Deployment(String productVersion, String engine, String database, BooleanSupplier healthy) {

    public Deployment {
        Objects.requireNonNull(productVersion, "productVersion");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(healthy, "healthy");
    }

    /** For a console built without these facts: every text says so, and the engine counts as healthy. */
    public static Deployment unreported() {
        return new Deployment("not reported", "not reported", "not reported", () -> true);
    }
}
