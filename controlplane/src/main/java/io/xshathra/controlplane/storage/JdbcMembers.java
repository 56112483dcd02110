package io.xshathra.controlplane.storage;

import static io.xshathra.controlplane.ControlPlaneException.Reason.CONFLICT;
import static io.xshathra.controlplane.ControlPlaneException.Reason.NOT_FOUND;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.InputRules;
import io.xshathra.controlplane.Member;
import io.xshathra.controlplane.Members;
import io.xshathra.controlplane.ProjectRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link Members} on the control-plane database. Every change first locks the project's row (an
 * update that changes nothing: SQLite writes one at a time anyway, PostgreSQL then orders
 * concurrent changes of one project), so two owners demoting each other cannot both succeed.
 */
final class JdbcMembers implements Members {

    private static final String COLUMNS = "m.project_id, m.account_id, a.email, m.role, m.added_by, m.added_at";

    private final Database db;
    private final StorageExecutor executor;
    private final Clock clock;

    JdbcMembers(Database db, StorageExecutor executor, Clock clock) {
        this.db = db;
        this.executor = executor;
        this.clock = clock;
    }

    private static Member member(ResultSet rs) throws SQLException {
        return new Member(rs.getString("project_id"), rs.getString("account_id"), rs.getString("email"),
                ProjectRole.of(rs.getString("role")), rs.getString("added_by"), Instant.ofEpochMilli(rs.getLong("added_at")));
    }

    /** Inserts the creator of a project as its first owner, inside the creating transaction. */
    static void addCreator(Connection c, String projectId, String accountId, long at) throws SQLException {
        Database.update(c, "insert into project_members (project_id, account_id, role, added_by, added_at)"
                + " values (?, ?, ?, ?, ?)", projectId, accountId, ProjectRole.OWNER.id(), "creator", at);
    }

    @Override
    public CompletionStage<Optional<ProjectRole>> roleOf(String projectId, String accountId) {
        return executor.submit("reading a membership", () -> db.read(c -> Database.queryOne(c,
                "select role from project_members where project_id = ? and account_id = ?",
                rs -> ProjectRole.of(rs.getString(1)), projectId, accountId)));
    }

    @Override
    public CompletionStage<List<Member>> list(String projectId) {
        return executor.submit("listing members", () -> db.read(c -> members(c, projectId)));
    }

    private static List<Member> members(Connection c, String projectId) throws SQLException {
        List<Member> all = Database.query(c, "select " + COLUMNS + " from project_members m join accounts a"
                + " on a.id = m.account_id where m.project_id = ?", JdbcMembers::member, projectId);
        return all.stream().sorted(Comparator.comparing(Member::role).thenComparing(Member::email)).toList();
    }

    private static Optional<Member> one(Connection c, String projectId, String accountId) throws SQLException {
        return Database.queryOne(c, "select " + COLUMNS + " from project_members m join accounts a on a.id = m.account_id"
                + " where m.project_id = ? and m.account_id = ?", JdbcMembers::member, projectId, accountId);
    }

    /** Locks the project's row for the rest of the transaction; fails when there is no such project. */
    private static void lockProject(Connection c, String projectId) throws SQLException {
        if (Database.update(c, "update projects set owner_id = owner_id where id = ?", projectId) == 0) {
            throw new ControlPlaneException(NOT_FOUND, "no such project: " + projectId);
        }
    }

    @Override
    public CompletionStage<Member> add(String projectId, String email, ProjectRole role, String addedBy) {
        String e;
        try {
            e = InputRules.email(email);
        } catch (ControlPlaneException ex) {
            return CompletableFuture.failedFuture(ex);
        }
        return executor.submit("adding a member", () -> db.write(c -> {
            lockProject(c, projectId);
            String accountId = Database.queryOne(c, "select id from accounts where email = ?", rs -> rs.getString(1), e)
                    .orElseThrow(() -> new ControlPlaneException(NOT_FOUND, "there is no account with the email " + e));
            if (one(c, projectId, accountId).isPresent()) {
                throw new ControlPlaneException(CONFLICT, e + " is already a member of this project");
            }
            long count = Database.queryOne(c, "select count(*) from project_members where project_id = ?",
                    rs -> rs.getLong(1), projectId).orElse(0L);
            if (count >= MAX_MEMBERS) {
                throw new ControlPlaneException(CONFLICT, "a project has at most " + MAX_MEMBERS + " members");
            }
            Database.update(c, "insert into project_members (project_id, account_id, role, added_by, added_at)"
                    + " values (?, ?, ?, ?, ?)", projectId, accountId, role.id(), bounded(addedBy), clock.millis());
            return one(c, projectId, accountId).orElseThrow();
        }));
    }

    @Override
    public CompletionStage<Member> changeRole(String projectId, String accountId, ProjectRole role) {
        return executor.submit("changing a member's role", () -> db.write(c -> {
            lockProject(c, projectId);
            Member before = existing(c, projectId, accountId);
            if (before.role() == ProjectRole.OWNER && role != ProjectRole.OWNER) {
                requireAnotherOwner(c, projectId);
            }
            Database.update(c, "update project_members set role = ? where project_id = ? and account_id = ?",
                    role.id(), projectId, accountId);
            return before;
        }));
    }

    @Override
    public CompletionStage<Member> remove(String projectId, String accountId) {
        return executor.submit("removing a member", () -> db.write(c -> {
            lockProject(c, projectId);
            Member before = existing(c, projectId, accountId);
            if (before.role() == ProjectRole.OWNER) {
                requireAnotherOwner(c, projectId);
            }
            Database.update(c, "delete from project_members where project_id = ? and account_id = ?", projectId, accountId);
            return before;
        }));
    }

    private static Member existing(Connection c, String projectId, String accountId) throws SQLException {
        return one(c, projectId, accountId)
                .orElseThrow(() -> new ControlPlaneException(NOT_FOUND, "that account is not a member of this project"));
    }

    private static void requireAnotherOwner(Connection c, String projectId) throws SQLException {
        long owners = Database.queryOne(c, "select count(*) from project_members where project_id = ? and role = ?",
                rs -> rs.getLong(1), projectId, ProjectRole.OWNER.id()).orElse(0L);
        if (owners <= 1) {
            throw new ControlPlaneException(CONFLICT, "a project keeps at least one owner: make another member an owner first");
        }
    }

    private static String bounded(String actor) {
        String a = actor == null ? "" : actor;
        return a.length() > 400 ? a.substring(0, 400) : a;
    }
}
