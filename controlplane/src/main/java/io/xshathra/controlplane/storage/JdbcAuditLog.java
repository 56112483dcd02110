package io.xshathra.controlplane.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.AuditEntry;
import io.xshathra.controlplane.AuditLog;
import io.xshathra.controlplane.ControlPlaneException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AuditLog} on the control-plane database. An entry takes the project's next sequence
 * number. Writers of one project in this process take turns (a lock per stripe of projects); two
 * processes that pick the same number (PostgreSQL, concurrent transactions) collide on the
 * primary key and the loser tries again. Each insert prunes what falls out of the newest
 * {@link AuditLog#KEEP}, so a project's log never grows past it.
 */
final class JdbcAuditLog implements AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> DETAIL = new TypeReference<>() {
    };
    private static final int ATTEMPTS = 20;
    private static final int STRIPES = 64;
    private static final int MAX_ACTOR = 400;
    private static final int MAX_ACTION = 64;

    private final Database db;
    private final StorageExecutor executor;
    private final Clock clock;
    /** Lock order: a stripe, then the database's own locks; never two stripes at once. */
    private final Object[] stripes = new Object[STRIPES];

    JdbcAuditLog(Database db, StorageExecutor executor, Clock clock) {
        this.db = db;
        this.executor = executor;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    @Override
    public CompletionStage<Void> record(String projectId, String actor, String action, Map<String, String> detail) {
        String json = detailJson(detail);
        String who = cut(actor == null ? "" : actor, MAX_ACTOR);
        String what = cut(action == null ? "" : action, MAX_ACTION);
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.submit("recording an audit entry", () -> {
            synchronized (stripes[Math.floorMod(projectId.hashCode(), STRIPES)]) {
                insert(projectId, who, what, json);
            }
            return null;
        }).whenComplete((ok, e) -> {
            if (e != null) {
                // The action it describes is done already; losing its entry must not undo or fail it.
                LOG.warn("audit entry {} of project {} by {} not recorded: {}", what, projectId, who, e.toString());
            }
            done.complete(null);
        });
        return done;
    }

    private void insert(String projectId, String actor, String action, String json) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                db.write(c -> {
                    long seq = Database.queryOne(c, "select max(seq) from project_audit where project_id = ?",
                            rs -> rs.getLong(1), projectId).orElse(0L) + 1;
                    Database.update(c, "insert into project_audit (project_id, seq, at, actor, action, detail)"
                            + " values (?, ?, ?, ?, ?, ?)", projectId, seq, clock.millis(), actor, action, json);
                    if (seq > KEEP) {
                        Database.update(c, "delete from project_audit where project_id = ? and seq <= ?", projectId, seq - KEEP);
                    }
                    return seq;
                });
                return;
            } catch (SQLException e) {
                if (!Database.isUniqueViolation(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public CompletionStage<List<AuditEntry>> list(String projectId, long beforeSeq, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            return CompletableFuture.failedFuture(new ControlPlaneException(ControlPlaneException.Reason.INVALID_ARGUMENT,
                    "limit must be between 1 and " + MAX_PAGE));
        }
        return executor.submit("reading the audit log", () -> db.read(c -> entries(c, projectId, beforeSeq, limit)));
    }

    private static List<AuditEntry> entries(Connection c, String projectId, long beforeSeq, int limit) throws SQLException {
        return Database.query(c, "select project_id, seq, at, actor, action, detail from project_audit"
                        + " where project_id = ? and seq < ? order by seq desc limit " + limit,
                JdbcAuditLog::entry, projectId, beforeSeq);
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        Map<String, String> detail;
        try {
            detail = JSON.readValue(rs.getString("detail"), DETAIL);
        } catch (JsonProcessingException e) {
            detail = Map.of();
        }
        return new AuditEntry(rs.getString("project_id"), rs.getLong("seq"), Instant.ofEpochMilli(rs.getLong("at")),
                rs.getString("actor"), rs.getString("action"), detail);
    }

    /** The detail as JSON within the column's size: at most {@link #MAX_FIELDS} fields, values cut. */
    static String detailJson(Map<String, String> detail) {
        Map<String, String> out = new LinkedHashMap<>();
        if (detail != null) {
            for (Map.Entry<String, String> e : detail.entrySet()) {
                if (out.size() >= MAX_FIELDS) {
                    break;
                }
                out.put(cut(e.getKey(), 40), cut(e.getValue() == null ? "" : e.getValue(), MAX_VALUE));
            }
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
