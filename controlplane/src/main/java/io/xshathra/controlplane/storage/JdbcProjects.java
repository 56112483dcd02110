package io.xshathra.controlplane.storage;

import static io.xshathra.controlplane.ControlPlaneException.Reason.INVALID_ARGUMENT;
import static io.xshathra.controlplane.ControlPlaneException.Reason.NAME_TAKEN;
import static io.xshathra.controlplane.ControlPlaneException.Reason.NOT_FOUND;

import io.xshathra.controlplane.AuditLog;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.InputRules;
import io.xshathra.controlplane.Members;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.Projects;
import io.xshathra.controlplane.ProxySettings;
import io.xshathra.controlplane.RotatedClientKey;
import io.xshathra.controlplane.RotatedKey;
import io.xshathra.controlplane.security.ApiKeys;
import io.xshathra.controlplane.security.Ids;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Projects} on the control-plane database. Key checks are the {@link KeyDirectory}'s; a
 * rotation, a rename or a deletion records itself in the key change feed ({@link KeyChanges})
 * in its own transaction and, once committed, drops the project from this process's key cache.
 */
final class JdbcProjects implements Projects {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcProjects.class);
    /** The longest grace period a rotation may keep the old key for. */
    static final Duration MAX_GRACE = Duration.ofDays(30);
    static final String COLUMNS = "p.id, p.name, p.owner_id, p.client_api_key, p.server_key_hint, p.created_at";

    private final Database db;
    private final StorageExecutor executor;
    private final Clock clock;
    private final KeyDirectory keys;
    private final JdbcProxySettings proxies;
    private final Members members;
    private final AuditLog audit;
    private final JdbcNamespaceSettings namespaces;
    /** Whether a new project gets its copy of the default namespaces at once (a server's store). */
    private final boolean copyNamespaces;
    private final List<Consumer<String>> deleted = new CopyOnWriteArrayList<>();

    JdbcProjects(Database db, StorageExecutor executor, Clock clock, KeyDirectory keys, JdbcProxySettings proxies,
                 JdbcNamespaceSettings namespaces, boolean copyNamespaces) {
        this.db = db;
        this.executor = executor;
        this.clock = clock;
        this.keys = keys;
        this.proxies = proxies;
        this.members = new JdbcMembers(db, executor, clock);
        this.audit = new JdbcAuditLog(db, executor, clock);
        this.namespaces = namespaces;
        this.copyNamespaces = copyNamespaces;
    }

    @Override
    public io.xshathra.controlplane.NamespaceSettings namespaces() {
        return namespaces;
    }

    @Override
    public ProxySettings proxies() {
        return proxies;
    }

    @Override
    public Members members() {
        return members;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }

    static Project project(ResultSet rs) throws SQLException {
        return new Project(rs.getString("id"), rs.getString("name"), rs.getString("owner_id"),
                rs.getString("client_api_key"), rs.getString("server_key_hint"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    @Override
    public CompletionStage<CreatedProject> create(String ownerId, String rawName) {
        String name;
        try {
            name = InputRules.projectName(rawName);
        } catch (ControlPlaneException e) {
            return CompletableFuture.failedFuture(e);
        }
        return executor.submit("creating a project", () -> {
            String serverKey = ApiKeys.newServerKey();
            Project p = new Project(Ids.project(), name, ownerId, ApiKeys.newClientKey(), ApiKeys.hint(serverKey),
                    Instant.ofEpochMilli(clock.millis()));
            writeNamed(c -> {
                if (JdbcAccounts.byId(c, ownerId).isEmpty()) {
                    throw new ControlPlaneException(NOT_FOUND, "no such account: " + ownerId);
                }
                checkNameFree(c, ownerId, name, null);
                Database.update(c, "insert into projects (id, owner_id, name, name_key, client_api_key, server_key_hash,"
                                + " server_key_hint, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                        p.id(), ownerId, name, InputRules.nameKey(name), p.clientApiKey(), ApiKeys.hash(serverKey),
                        p.serverKeyHint(), p.createdAt().toEpochMilli());
                JdbcMembers.addCreator(c, p.id(), ownerId, p.createdAt().toEpochMilli());
                // A new project starts with the configuration's namespaces; one created by the command
                // line gets them from the server (at its start, or at the project's first change).
                return copyNamespaces && namespaces.adopt(c, p.id(), false);
            });
            return new CreatedProject(p, serverKey, p.clientApiKey());
        });
    }

    /** A write whose unique violation can only be the per-owner name (ids and keys are random). */
    private <T> T writeNamed(Database.Work<T> work) throws SQLException {
        try {
            return db.write(work);
        } catch (SQLException e) {
            if (Database.isUniqueViolation(e)) {
                throw nameTaken();
            }
            throw e;
        }
    }

    private static void checkNameFree(Connection c, String ownerId, String name, String exceptId) throws SQLException {
        boolean taken = Database.queryOne(c, "select id from projects where owner_id = ? and name_key = ?",
                rs -> rs.getString(1), ownerId, InputRules.nameKey(name)).filter(id -> !id.equals(exceptId)).isPresent();
        if (taken) {
            throw nameTaken();
        }
    }

    private static ControlPlaneException nameTaken() {
        return new ControlPlaneException(NAME_TAKEN, "the owner already has a project with this name");
    }

    private static ControlPlaneException notFound(String projectId) {
        return new ControlPlaneException(NOT_FOUND, "no such project: " + projectId);
    }

    @Override
    public CompletionStage<List<Project>> list(String accountId) {
        return executor.submit("listing projects", () -> db.read(c -> Database.query(c,
                "select " + COLUMNS + " from projects p join project_members m on m.project_id = p.id"
                        + " where m.account_id = ? order by p.created_at, p.id",
                JdbcProjects::project, accountId)));
    }

    @Override
    public CompletionStage<List<Project>> listAll() {
        return executor.submit("listing projects", () -> db.read(c -> Database.query(c,
                "select " + COLUMNS + " from projects p order by p.created_at, p.id", JdbcProjects::project)));
    }

    @Override
    public CompletionStage<Optional<Project>> find(String projectId) {
        return executor.submit("reading a project", () -> db.read(c -> byId(c, projectId)));
    }

    private static Optional<Project> byId(Connection c, String projectId) throws SQLException {
        return Database.queryOne(c, "select " + COLUMNS + " from projects p where p.id = ?", JdbcProjects::project, projectId);
    }

    @Override
    public CompletionStage<Project> rename(String projectId, String newName) {
        String name;
        try {
            name = InputRules.projectName(newName);
        } catch (ControlPlaneException e) {
            return CompletableFuture.failedFuture(e);
        }
        return executor.submit("renaming a project", () -> {
            Project renamed = writeNamed(c -> {
                Project p = byId(c, projectId).orElseThrow(() -> notFound(projectId));
                checkNameFree(c, p.ownerId(), name, p.id());
                Database.update(c, "update projects set name = ?, name_key = ? where id = ?", name, InputRules.nameKey(name),
                        p.id());
                KeyChanges.record(c, p.id(), clock.millis());
                return new Project(p.id(), name, p.ownerId(), p.clientApiKey(), p.serverKeyHint(), p.createdAt());
            });
            keys.invalidate(projectId);
            return renamed;
        });
    }

    /** The grace period, or a failure when it is negative or over {@link #MAX_GRACE}. */
    private static Duration grace(Duration grace) {
        Duration g = grace == null ? Duration.ZERO : grace;
        if (g.isNegative() || g.compareTo(MAX_GRACE) > 0) {
            throw new ControlPlaneException(INVALID_ARGUMENT,
                    "grace period must be between 0 and " + MAX_GRACE.toDays() + " days");
        }
        return g;
    }

    /** When a previous key stops working: null for at once. */
    private Instant graceEnd(Duration g) {
        return g.isZero() ? null : clock.instant().plus(g).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    @Override
    public CompletionStage<RotatedKey> rotateServerKey(String projectId, Duration grace) {
        return rotating("rotating a server key", projectId, grace, (c, until) -> rotate(c, projectId, until));
    }

    /**
     * A key rotation: the grace period checked, then {@code work} (given when the previous key
     * stops working, null for at once) in one write transaction, then the project's cached keys
     * dropped so every check sees the new key.
     */
    private <T> CompletionStage<T> rotating(String what, String projectId, Duration grace, Rotation<T> work) {
        Duration g;
        try {
            g = grace(grace);
        } catch (ControlPlaneException e) {
            return CompletableFuture.failedFuture(e);
        }
        return executor.submit(what, () -> {
            T rotated = db.write(c -> work.run(c, graceEnd(g)));
            keys.invalidate(projectId);
            return rotated;
        });
    }

    @FunctionalInterface
    private interface Rotation<T> {
        T run(Connection c, Instant previousUntil) throws SQLException;
    }

    private RotatedKey rotate(Connection c, String projectId, Instant until) throws SQLException {
        Optional<String> current = Database.queryOne(c, "select server_key_hash from projects where id = ?",
                rs -> rs.getString(1), projectId);
        if (current.isEmpty()) {
            throw notFound(projectId);
        }
        String key = ApiKeys.newServerKey();
        Database.update(c, "update projects set server_key_hash = ?, server_key_hint = ?, previous_server_key_hash = ?,"
                        + " previous_server_key_expires_at = ? where id = ?",
                ApiKeys.hash(key), ApiKeys.hint(key), until == null ? null : current.get(),
                until == null ? null : until.toEpochMilli(), projectId);
        KeyChanges.record(c, projectId, clock.millis());
        return new RotatedKey(byId(c, projectId).orElseThrow(), key, until);
    }

    @Override
    public CompletionStage<RotatedClientKey> rotateClientKey(String projectId, Duration grace) {
        return rotating("rotating a client key", projectId, grace, (c, until) -> {
            Project p = byId(c, projectId).orElseThrow(() -> notFound(projectId));
            Database.update(c, "update projects set client_api_key = ?, previous_client_api_key = ?,"
                            + " previous_client_key_expires_at = ? where id = ?",
                    ApiKeys.newClientKey(), until == null ? null : p.clientApiKey(),
                    until == null ? null : until.toEpochMilli(), projectId);
            KeyChanges.record(c, projectId, clock.millis());
            return new RotatedClientKey(byId(c, projectId).orElseThrow(), until);
        });
    }

    @Override
    public CompletionStage<Boolean> delete(String projectId) {
        return executor.submit("deleting a project", () -> {
            boolean gone = db.write(c -> {
                Database.update(c, "delete from project_proxies where project_id = ?", projectId);
                Database.update(c, "delete from project_members where project_id = ?", projectId);
                boolean found = Database.update(c, "delete from projects where id = ?", projectId) > 0;
                if (found) {
                    KeyChanges.record(c, projectId, clock.millis());
                }
                return found;
            });
            if (gone) {
                keys.invalidate(projectId);
                for (Consumer<String> listener : deleted) {
                    try {
                        listener.accept(projectId);
                    } catch (RuntimeException e) {
                        LOG.error("a project-deleted listener failed for {}", projectId, e);
                    }
                }
            }
            return gone;
        });
    }

    @Override
    public void onDeleted(Consumer<String> listener) {
        deleted.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void onChanged(Consumer<String> listener) {
        keys.onChanged(listener);
    }

    @Override
    public void onChangedAll(Runnable listener) {
        keys.onChangedAll(listener);
    }

    /**
     * A project with its current and previous key: the hashes of server keys, or for client keys
     * (public, kept in clear) the keys themselves.
     */
    record KeyRow(Project project, String currentHash, String previousHash, long previousExpiresAt) {
    }

    /** The projects whose current or previous client key this is (at most two rows). */
    static List<KeyRow> clientKeyRows(Connection c, String key) throws SQLException {
        return Database.query(c, "select " + COLUMNS + ", p.previous_client_api_key, p.previous_client_key_expires_at"
                        + " from projects p where p.client_api_key = ? or p.previous_client_api_key = ?",
                rs -> new KeyRow(project(rs), rs.getString("client_api_key"), rs.getString("previous_client_api_key"),
                        rs.getLong("previous_client_key_expires_at")), key, key);
    }

    /** The projects whose current or previous server key has this hash (at most two rows). */
    static List<KeyRow> keyRows(Connection c, String hash) throws SQLException {
        return Database.query(c, "select " + COLUMNS + ", p.server_key_hash, p.previous_server_key_hash,"
                        + " p.previous_server_key_expires_at from projects p"
                        + " where p.server_key_hash = ? or p.previous_server_key_hash = ?",
                rs -> new KeyRow(project(rs), rs.getString("server_key_hash"), rs.getString("previous_server_key_hash"),
                        rs.getLong("previous_server_key_expires_at")), hash, hash);
    }
}
