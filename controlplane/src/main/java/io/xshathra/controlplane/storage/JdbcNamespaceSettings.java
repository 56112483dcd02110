package io.xshathra.controlplane.storage;

import static io.xshathra.controlplane.ControlPlaneException.Reason.INVALID_ARGUMENT;
import static io.xshathra.controlplane.ControlPlaneException.Reason.INVALID_NAME;
import static io.xshathra.controlplane.ControlPlaneException.Reason.NOT_FOUND;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.NamespaceCompiler;
import io.xshathra.controlplane.NamespaceSet;
import io.xshathra.controlplane.NamespaceSettings;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NamespaceSettings} on the control-plane database (tables {@code project_namespace_sets}
 * and {@code project_namespaces}, migration V5). Every change checks the whole resulting list
 * with the compiler inside its transaction, records itself in the key change feed
 * ({@link KeyChanges}) and, once committed, tells this process's listeners.
 */
final class JdbcNamespaceSettings implements NamespaceSettings {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcNamespaceSettings.class);
    private static final Pattern NAME = Pattern.compile(NAME_RULE);

    private final Database db;
    private final StorageExecutor executor;
    private final Clock clock;
    private final KeyDirectory keys;
    private final NamespaceCompiler compiler;
    private final List<Consumer<NamespaceSet>> saved = new CopyOnWriteArrayList<>();

    JdbcNamespaceSettings(Database db, StorageExecutor executor, Clock clock, KeyDirectory keys,
                          NamespaceCompiler compiler) {
        this.db = db;
        this.executor = executor;
        this.clock = clock;
        this.keys = keys;
        this.compiler = compiler;
    }

    @Override
    public CompletionStage<NamespaceSet> of(String projectId) {
        if (projectId == null || projectId.isEmpty() || projectId.length() > 64) {
            return CompletableFuture.failedFuture(notFound(projectId));
        }
        return keys.lookup("reading a project's namespaces", c -> read(c, projectId)
                .orElseThrow(() -> notFound(projectId)));
    }

    @Override
    public CompletionStage<List<NamespaceSet>> all() {
        return keys.lookup("reading every project's namespaces", c -> {
            List<NamespaceSet> out = new ArrayList<>();
            for (String id : Database.query(c, "select project_id from project_namespace_sets order by project_id",
                    rs -> rs.getString(1))) {
                read(c, id).ifPresent(out::add);
            }
            return out;
        });
    }

    @Override
    public CompletionStage<NamespaceSet> set(String projectId, String name, String optionsJson) {
        String stored;
        try {
            checkName(name);
            if (optionsJson == null || optionsJson.getBytes(StandardCharsets.UTF_8).length > MAX_OPTIONS_BYTES) {
                throw new ControlPlaneException(INVALID_ARGUMENT, "options: must be a JSON object of at most "
                        + MAX_OPTIONS_BYTES + " bytes");
            }
            stored = compiler.check(name, optionsJson);
        } catch (ControlPlaneException e) {
            return CompletableFuture.failedFuture(e);
        }
        return executor.submit("setting a project namespace", () -> change(projectId, (c, now) -> {
            Map<String, String> current = rows(c, projectId);
            if (!current.containsKey(name) && current.size() >= MAX_NAMESPACES) {
                throw new ControlPlaneException(INVALID_ARGUMENT, "a project has at most " + MAX_NAMESPACES
                        + " namespaces");
            }
            current.put(name, stored);
            compiler.compile(current);
            Database.update(c, "delete from project_namespaces where project_id = ? and name = ?", projectId, name);
            Database.update(c, "insert into project_namespaces (project_id, name, options, updated_at) values (?, ?, ?, ?)",
                    projectId, name, stored, now);
        }));
    }

    @Override
    public CompletionStage<NamespaceSet> remove(String projectId, String name) {
        return executor.submit("removing a project namespace", () -> change(projectId, (c, now) -> {
            Map<String, String> current = rows(c, projectId);
            if (current.remove(name) == null) {
                throw new ControlPlaneException(NOT_FOUND, "project " + projectId + " has no namespace \""
                        + (name == null ? "" : name) + "\"");
            }
            // Another namespace may name this one (a map presence prefix): the rest must still compile.
            compiler.compile(current);
            Database.update(c, "delete from project_namespaces where project_id = ? and name = ?", projectId, name);
        }));
    }

    @Override
    public CompletionStage<Integer> adoptDefaults() {
        return executor.submit("giving projects the default namespaces", () -> {
            List<String> missing = db.read(c -> Database.query(c, "select id from projects p where not exists"
                    + " (select 1 from project_namespace_sets s where s.project_id = p.id)", rs -> rs.getString(1)));
            int adopted = 0;
            for (String id : missing) {
                if (db.write(c -> adopt(c, id, true))) {
                    adopted++;
                    keys.invalidate(id);
                }
            }
            return adopted;
        });
    }

    @Override
    public void onSaved(Consumer<NamespaceSet> listener) {
        saved.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Gives a project without a list of its own a copy of the defaults, inside the caller's
     * transaction; false when it already has one (or does not exist).
     *
     * @param feed whether to record the change in the key change feed: not for a project being
     *             created, which no node has rules for yet (every node uses the configuration's
     *             for it, which is what the copy holds)
     */
    boolean adopt(Connection c, String projectId, boolean feed) throws SQLException {
        boolean has = Database.queryOne(c, "select project_id from project_namespace_sets where project_id = ?",
                rs -> rs.getString(1), projectId).isPresent();
        boolean exists = Database.queryOne(c, "select id from projects where id = ?", rs -> rs.getString(1), projectId)
                .isPresent();
        if (has || !exists) {
            return false;
        }
        long now = clock.millis();
        Database.update(c, "insert into project_namespace_sets (project_id, updated_at) values (?, ?)", projectId, now);
        // Rows without a list row cannot be written by this class; should a restore leave some, the copy replaces them.
        Database.update(c, "delete from project_namespaces where project_id = ?", projectId);
        for (Map.Entry<String, String> e : compiler.defaults().entrySet()) {
            Database.update(c, "insert into project_namespaces (project_id, name, options, updated_at) values (?, ?, ?, ?)",
                    projectId, e.getKey(), e.getValue(), now);
        }
        if (feed) {
            KeyChanges.record(c, projectId, now);
        }
        return true;
    }

    /** A statement run by {@link #change}, given the time of the change. */
    private interface Change {
        void apply(Connection c, long now) throws SQLException;
    }

    private NamespaceSet change(String projectId, Change change) throws SQLException {
        NamespaceSet after = db.write(c -> {
            if (Database.queryOne(c, "select id from projects where id = ?", rs -> rs.getString(1), projectId).isEmpty()) {
                throw notFound(projectId);
            }
            adopt(c, projectId, false); // the change below is recorded
            long now = clock.millis();
            change.apply(c, now);
            Database.update(c, "update project_namespace_sets set updated_at = ? where project_id = ?", now, projectId);
            KeyChanges.record(c, projectId, now);
            return read(c, projectId).orElseThrow(() -> notFound(projectId));
        });
        keys.invalidate(projectId);
        for (Consumer<NamespaceSet> listener : saved) {
            try {
                listener.accept(after);
            } catch (RuntimeException e) {
                LOG.error("a namespaces listener failed for {}", projectId, e);
            }
        }
        return after;
    }

    private static Map<String, String> rows(Connection c, String projectId) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] row : Database.query(c, "select name, options from project_namespaces where project_id = ?"
                + " order by name", rs -> new String[] {rs.getString(1), rs.getString(2)}, projectId)) {
            out.put(row[0], row[1]);
        }
        return out;
    }

    /** The project's list; a project without one of its own shows the defaults it would get. */
    private Optional<NamespaceSet> read(Connection c, String projectId) throws SQLException {
        if (Database.queryOne(c, "select id from projects where id = ?", rs -> rs.getString(1), projectId).isEmpty()) {
            return Optional.empty();
        }
        boolean own = Database.queryOne(c, "select project_id from project_namespace_sets where project_id = ?",
                rs -> rs.getString(1), projectId).isPresent();
        return Optional.of(new NamespaceSet(projectId, own ? rows(c, projectId) : compiler.defaults(), own));
    }

    private static void checkName(String name) {
        if (name == null || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw new ControlPlaneException(INVALID_NAME, "a namespace name must match " + NAME_RULE
                    + " and be at most " + MAX_NAME_LENGTH + " characters");
        }
    }

    private static ControlPlaneException notFound(String projectId) {
        return new ControlPlaneException(NOT_FOUND, "no such project: " + projectId);
    }
}
