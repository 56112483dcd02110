package io.xshathra.controlplane.storage;

import io.xshathra.controlplane.usage.HourRow;
import io.xshathra.controlplane.usage.UsageRows;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link UsageRows} on the control-plane database (table {@code usage_hours}, migration V8). */
final class JdbcUsage implements UsageRows {

    /** Rows one read returns at most: 25 hours of a project on many node processes is far below. */
    static final long MAX_ROWS = 10_000;

    private final Database db;
    private final StorageExecutor executor;

    JdbcUsage(Database db, StorageExecutor executor) {
        this.db = db;
        this.executor = executor;
    }

    @Override
    public CompletionStage<Void> save(List<HourRow> rows) {
        if (rows.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<HourRow> copy = List.copyOf(rows);
        return executor.submit("writing usage", () -> db.write(c -> {
            for (HourRow r : copy) {
                Database.update(c, "insert into usage_hours (project_id, node_id, hour_ms, slots) values (?, ?, ?, ?)"
                        + " on conflict (project_id, hour_ms, node_id) do update set slots = excluded.slots",
                        r.projectId(), r.nodeId(), r.hourMs(), r.slots());
            }
            return null;
        }));
    }

    @Override
    public CompletionStage<List<HourRow>> rows(String projectId, long fromHourMs, long toMs) {
        return executor.submit("reading usage", () -> db.read(c -> Database.query(c,
                "select project_id, node_id, hour_ms, slots from usage_hours"
                        + " where project_id = ? and hour_ms >= ? and hour_ms < ? order by hour_ms limit ?",
                rs -> new HourRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)),
                projectId, fromHourMs, toMs, MAX_ROWS)));
    }

    @Override
    public CompletionStage<Integer> prune(long beforeMs, int limit) {
        return executor.submit("pruning usage", () -> db.read(c -> Database.update(c,
                "delete from usage_hours where (project_id, hour_ms, node_id) in (select project_id, hour_ms, node_id"
                        + " from usage_hours where hour_ms < ? limit ?)", beforeMs, (long) limit)));
    }
}
