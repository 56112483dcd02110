package io.xshathra.controlplane.storage;

import static io.xshathra.controlplane.ControlPlaneException.Reason.INVALID_ARGUMENT;
import static io.xshathra.controlplane.ControlPlaneException.Reason.NOT_FOUND;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.InputRules;
import io.xshathra.controlplane.security.ApiKeys;
import io.xshathra.controlplane.security.ProxyTargets;
import io.xshathra.controlplane.security.Ulid;
import io.xshathra.controlplane.webhooks.ClaimedBatch;
import io.xshathra.controlplane.webhooks.CreatedWebhook;
import io.xshathra.controlplane.webhooks.OutboxBatch;
import io.xshathra.controlplane.webhooks.WebhookDelivery;
import io.xshathra.controlplane.webhooks.WebhookEndpoint;
import io.xshathra.controlplane.webhooks.WebhookStore;
import io.xshathra.engine.project.TenantEvent;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * {@link WebhookStore} on the control-plane database. Claims are safe across nodes on both
 * databases: on PostgreSQL the due rows are selected {@code FOR UPDATE SKIP LOCKED}, so two nodes
 * never wait for or take the same rows; on SQLite every write transaction starts
 * {@code IMMEDIATE}, so claims are serialised anyway. A lease that runs out makes its row due
 * again, which is what makes delivery at-least-once when a node dies mid-delivery.
 */
final class JdbcWebhooks implements WebhookStore {

    private static final String ENDPOINT_COLUMNS = "id, project_id, url, events, created_at";

    private final Database db;
    private final StorageExecutor executor;
    private final Clock clock;
    private final KeyDirectory keys;
    private final ProxyTargets targets;

    JdbcWebhooks(Database db, StorageExecutor executor, Clock clock, KeyDirectory keys, ProxyTargets targets) {
        this.db = db;
        this.executor = executor;
        this.clock = clock;
        this.keys = keys;
        this.targets = targets;
    }

    @Override
    public CompletionStage<CreatedWebhook> add(String projectId, String url, Set<TenantEvent.Kind> events) {
        URI endpoint;
        try {
            endpoint = InputRules.proxyEndpoint(url);
            if (events == null || events.isEmpty()) {
                throw new ControlPlaneException(INVALID_ARGUMENT, "choose at least one event");
            }
        } catch (ControlPlaneException e) {
            return CompletableFuture.failedFuture(e);
        }
        return executor.submit("adding a webhook", () -> {
            targets.check(endpoint);
            String id = "wh_" + Ulid.generator().next();
            String secret = ApiKeys.newWebhookSecret();
            long now = clock.millis();
            db.write(c -> {
                if (Database.queryOne(c, "select id from projects where id = ?", rs -> rs.getString(1), projectId).isEmpty()) {
                    throw new ControlPlaneException(NOT_FOUND, "no such project: " + projectId);
                }
                int count = Database.queryOne(c, "select count(*) from webhook_endpoints where project_id = ?",
                        rs -> rs.getInt(1), projectId).orElse(0);
                if (count >= MAX_ENDPOINTS_PER_PROJECT) {
                    throw new ControlPlaneException(INVALID_ARGUMENT, "a project has at most " + MAX_ENDPOINTS_PER_PROJECT
                            + " webhook endpoints; remove one first");
                }
                Database.update(c, "insert into webhook_endpoints (id, project_id, url, events, secret, created_at)"
                        + " values (?, ?, ?, ?, ?, ?)", id, projectId, endpoint.toString(), names(events), secret, now);
                KeyChanges.record(c, projectId, now);
                return null;
            });
            keys.invalidate(projectId);
            return new CreatedWebhook(new WebhookEndpoint(id, projectId, endpoint, events, now), secret);
        });
    }

    @Override
    public CompletionStage<List<WebhookEndpoint>> list(String projectId) {
        return executor.submit("listing webhooks", () -> db.read(c -> Database.query(c, "select " + ENDPOINT_COLUMNS
                + " from webhook_endpoints where project_id = ? order by id", JdbcWebhooks::endpoint, projectId)));
    }

    @Override
    public CompletionStage<List<WebhookEndpoint>> all() {
        return executor.submit("reading webhooks", () -> db.read(c -> Database.query(c, "select " + ENDPOINT_COLUMNS
                + " from webhook_endpoints order by id", JdbcWebhooks::endpoint)));
    }

    @Override
    public CompletionStage<Boolean> remove(String projectId, String endpointId) {
        return executor.submit("removing a webhook", () -> {
            boolean removed = db.write(c -> {
                int n = Database.update(c, "delete from webhook_endpoints where id = ? and project_id = ?",
                        endpointId, projectId);
                if (n > 0) {
                    KeyChanges.record(c, projectId, clock.millis());
                }
                return n > 0;
            });
            if (removed) {
                keys.invalidate(projectId);
            }
            return removed;
        });
    }

    @Override
    public CompletionStage<Integer> enqueue(List<OutboxBatch> batches) {
        List<OutboxBatch> copy = List.copyOf(batches);
        return executor.submit("writing webhook batches", () -> db.write(c -> {
            long now = clock.millis();
            Map<String, Integer> room = new HashMap<>();
            int dropped = 0;
            for (OutboxBatch b : copy) {
                Integer known = room.get(b.projectId());
                int left = known != null ? known : MAX_OUTBOX_PER_PROJECT - count(c, b.projectId());
                if (left <= 0) {
                    dropped++;
                    continue;
                }
                int n = Database.update(c, "insert into webhook_outbox (id, endpoint_id, project_id, body, event_count,"
                        + " attempts, created_at, next_attempt_at) select ?, id, project_id, ?, ?, 0, ?, ? from"
                        + " webhook_endpoints where id = ?", "whb_" + Ulid.generator().next(), b.body(),
                        (long) b.eventCount(), now, now, b.endpointId());
                if (n == 0) {
                    dropped++;
                }
                room.put(b.projectId(), left - n);
            }
            return dropped;
        }));
    }

    private static int count(Connection c, String projectId) throws SQLException {
        return Database.queryOne(c, "select count(*) from webhook_outbox where project_id = ?", rs -> rs.getInt(1),
                projectId).orElse(0);
    }

    @Override
    public CompletionStage<List<ClaimedBatch>> claim(String owner, int limit, long leaseMs) {
        String lock = db.url().dialect() == DatabaseUrl.Dialect.POSTGRESQL ? " for update skip locked" : "";
        return executor.submit("claiming webhook batches", () -> {
            // Every node polls every second: look before taking SQLite's write lock for nothing.
            long due = clock.millis();
            boolean any = db.read(c -> Database.queryOne(c, "select id from webhook_outbox where next_attempt_at <= ?"
                    + " and (lease_until is null or lease_until < ?) limit 1", rs -> rs.getString(1), due, due)
                    .isPresent());
            return any ? claimDue(owner, limit, leaseMs, lock) : List.<ClaimedBatch>of();
        });
    }

    private List<ClaimedBatch> claimDue(String owner, int limit, long leaseMs, String lock) throws SQLException {
        return db.write(c -> {
            long now = clock.millis();
            List<String> ids = Database.query(c, "select id from webhook_outbox where next_attempt_at <= ?"
                    + " and (lease_until is null or lease_until < ?) order by next_attempt_at limit " + Math.max(1, limit)
                    + lock, rs -> rs.getString(1), now, now);
            List<ClaimedBatch> out = new ArrayList<>(ids.size());
            for (String id : ids) {
                Database.update(c, "update webhook_outbox set lease_owner = ?, lease_until = ? where id = ?",
                        owner, now + leaseMs, id);
                Database.queryOne(c, "select o.id, o.endpoint_id, o.project_id, e.url, e.secret, o.body, o.event_count,"
                        + " o.attempts, o.created_at from webhook_outbox o join webhook_endpoints e on e.id = o.endpoint_id"
                        + " where o.id = ?", JdbcWebhooks::claimed, id).ifPresent(out::add);
            }
            return out;
        });
    }

    @Override
    public CompletionStage<Void> finish(ClaimedBatch batch, WebhookDelivery attempt, Long retryAt) {
        return executor.submit("recording a webhook delivery", () -> db.write(c -> {
            if (retryAt == null) {
                Database.update(c, "delete from webhook_outbox where id = ?", batch.id());
            } else {
                Database.update(c, "update webhook_outbox set attempts = attempts + 1, next_attempt_at = ?,"
                        + " lease_owner = null, lease_until = null where id = ?", retryAt, batch.id());
            }
            String error = attempt.error().length() > 250 ? attempt.error().substring(0, 250) : attempt.error();
            int n = Database.update(c, "insert into webhook_deliveries (id, endpoint_id, attempted_at, status, error,"
                    + " duration_ms, event_count, attempt) select ?, id, ?, ?, ?, ?, ?, ? from webhook_endpoints where id = ?",
                    "whd_" + Ulid.generator().next(), attempt.attemptedAt(), (long) attempt.status(), error,
                    attempt.durationMs(), (long) attempt.eventCount(), (long) attempt.attempt(), batch.endpointId());
            if (n > 0) {
                Database.update(c, "delete from webhook_deliveries where endpoint_id = ? and id not in (select id from"
                        + " webhook_deliveries where endpoint_id = ? order by attempted_at desc, id desc limit "
                        + DELIVERY_LOG + ")", batch.endpointId(), batch.endpointId());
            }
            return null;
        }));
    }

    @Override
    public CompletionStage<List<WebhookDelivery>> deliveries(String projectId) {
        return executor.submit("reading webhook deliveries", () -> db.read(c -> Database.query(c,
                "select d.endpoint_id, d.attempted_at, d.status, d.error, d.duration_ms, d.event_count, d.attempt"
                        + " from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id"
                        + " where e.project_id = ? order by d.attempted_at desc, d.id desc",
                rs -> new WebhookDelivery(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getLong(5),
                        rs.getInt(6), rs.getInt(7)), projectId)));
    }

    @Override
    public CompletionStage<Integer> pending(String projectId) {
        return executor.submit("counting webhook batches", () -> db.read(c -> count(c, projectId)));
    }

    private static WebhookEndpoint endpoint(ResultSet rs) throws SQLException {
        return new WebhookEndpoint(rs.getString(1), rs.getString(2), URI.create(rs.getString(3)),
                kinds(rs.getString(4)), rs.getLong(5));
    }

    private static ClaimedBatch claimed(ResultSet rs) throws SQLException {
        return new ClaimedBatch(rs.getString(1), rs.getString(2), rs.getString(3), URI.create(rs.getString(4)),
                rs.getString(5), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getLong(9));
    }

    private static String names(Set<TenantEvent.Kind> events) {
        return EnumSet.copyOf(events).stream().map(TenantEvent.Kind::wireName).collect(Collectors.joining(","));
    }

    private static Set<TenantEvent.Kind> kinds(String names) {
        Set<TenantEvent.Kind> out = EnumSet.noneOf(TenantEvent.Kind.class);
        for (String n : names.split(",")) {
            TenantEvent.Kind k = TenantEvent.Kind.ofWireName(n.strip());
            if (k != null) {
                out.add(k);
            }
        }
        return out;
    }
}
