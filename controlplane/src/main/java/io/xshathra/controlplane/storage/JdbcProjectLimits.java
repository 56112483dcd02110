package io.xshathra.controlplane.storage;

import static io.xshathra.controlplane.ControlPlaneException.Reason.NOT_FOUND;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.limits.LimitOverrides;
import io.xshathra.controlplane.limits.ProjectLimitStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ProjectLimitStore} on the control-plane database (table {@code project_limits}, migration
 * V7). Reads run on the key directory's lookup threads, writes on the storage executor; every write
 * records the project in the key change feed inside its transaction.
 */
final class JdbcProjectLimits implements ProjectLimitStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcProjectLimits.class);

    private final Database db;
    private final StorageExecutor executor;
    private final Clock clock;
    private final KeyDirectory keys;
    private final List<BiConsumer<String, LimitOverrides>> saved = new CopyOnWriteArrayList<>();

    JdbcProjectLimits(Database db, StorageExecutor executor, Clock clock, KeyDirectory keys) {
        this.db = db;
        this.executor = executor;
        this.clock = clock;
        this.keys = keys;
    }

    @Override
    public CompletionStage<LimitOverrides> of(String projectId) {
        if (projectId == null || projectId.isEmpty() || projectId.length() > 64) {
            return CompletableFuture.failedFuture(notFound(projectId));
        }
        return keys.lookup("reading a project's limits", c -> read(c, projectId))
                .thenApply(found -> found.orElseThrow(() -> notFound(projectId)));
    }

    @Override
    public CompletionStage<Map<String, LimitOverrides>> all() {
        return keys.lookup("reading every project's limits", c -> {
            Map<String, LimitOverrides> out = new LinkedHashMap<>();
            for (Map.Entry<String, LimitOverrides> e : Database.query(c, "select project_id, max_connections,"
                    + " max_publications_per_second, max_message_size from project_limits order by project_id",
                    rs -> Map.entry(rs.getString(1), row(rs)))) {
                out.put(e.getKey(), e.getValue());
            }
            return out;
        });
    }

    @Override
    public CompletionStage<LimitOverrides> set(String projectId, LimitOverrides change) {
        Objects.requireNonNull(change, "change");
        return executor.submit("changing a project's limits", () -> change(projectId,
                c -> store(c, projectId, read(c, projectId).orElseThrow(() -> notFound(projectId)).with(change))));
    }

    @Override
    public CompletionStage<LimitOverrides> replace(String projectId, LimitOverrides overrides) {
        Objects.requireNonNull(overrides, "overrides");
        return executor.submit("changing a project's limits", () -> change(projectId, c -> {
            read(c, projectId).orElseThrow(() -> notFound(projectId));
            return store(c, projectId, overrides);
        }));
    }

    /** Writes the project's overrides (no row when there are none). */
    private LimitOverrides store(Connection c, String projectId, LimitOverrides after) throws SQLException {
        Database.update(c, "delete from project_limits where project_id = ?", projectId);
        if (!after.isEmpty()) {
            Database.update(c, "insert into project_limits (project_id, max_connections, max_publications_per_second,"
                    + " max_message_size, updated_at) values (?, ?, ?, ?, ?)", projectId,
                    asLong(after.maxConnections()), asLong(after.maxPublicationsPerSecond()),
                    asLong(after.maxMessageSize()), clock.millis());
        }
        return after;
    }

    @Override
    public CompletionStage<LimitOverrides> reset(String projectId) {
        return executor.submit("resetting a project's limits", () -> change(projectId, c -> {
            read(c, projectId).orElseThrow(() -> notFound(projectId));
            Database.update(c, "delete from project_limits where project_id = ?", projectId);
            return LimitOverrides.NONE;
        }));
    }

    @Override
    public void onSaved(BiConsumer<String, LimitOverrides> listener) {
        saved.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Runs a change in one transaction with its feed record, then tells this process. */
    private LimitOverrides change(String projectId, Database.Work<LimitOverrides> work) throws SQLException {
        LimitOverrides after = db.write(c -> {
            LimitOverrides result = work.run(c);
            KeyChanges.record(c, projectId, clock.millis());
            return result;
        });
        keys.invalidate(projectId);
        for (BiConsumer<String, LimitOverrides> listener : saved) {
            try {
                listener.accept(projectId, after);
            } catch (RuntimeException e) {
                LOG.error("a project-limits listener failed for {}", projectId, e);
            }
        }
        return after;
    }

    /** The project's overrides; empty when the project does not exist. */
    static Optional<LimitOverrides> read(Connection c, String projectId) throws SQLException {
        if (Database.queryOne(c, "select id from projects where id = ?", rs -> rs.getString(1), projectId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Database.queryOne(c, "select project_id, max_connections, max_publications_per_second,"
                + " max_message_size from project_limits where project_id = ?", JdbcProjectLimits::row, projectId)
                .orElse(LimitOverrides.NONE));
    }

    private static LimitOverrides row(ResultSet rs) throws SQLException {
        return new LimitOverrides(nullableInt(rs, 2), nullableInt(rs, 3), nullableInt(rs, 4));
    }

    private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : (int) Math.min(Integer.MAX_VALUE, v);
    }

    private static Long asLong(Integer v) {
        return v == null ? null : v.longValue();
    }

    private static ControlPlaneException notFound(String projectId) {
        return new ControlPlaneException(NOT_FOUND, "no such project: " + projectId);
    }
}
