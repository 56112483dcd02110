package io.xshathra.controlplane.storage;

import static io.xshathra.controlplane.ControlPlaneException.Reason.NOT_FOUND;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.InputRules;
import io.xshathra.controlplane.ProjectProxies;
import io.xshathra.controlplane.ProjectProxy;
import io.xshathra.controlplane.ProxyKind;
import io.xshathra.controlplane.ProxySettings;
import io.xshathra.controlplane.security.ApiKeys;
import io.xshathra.controlplane.security.ProxyTargets;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ProxySettings} on the control-plane database. Reads for the engine go through a bounded
 * memory ({@value #CACHE_ENTRIES} projects, least recently used forgotten) filled on the key
 * directory's lookup threads; a change made here drops the entry when it commits, a change made
 * by another process drops it when the key change feed reports it, and nothing remembered is used
 * while the feed is stale or after the directory's maximum age.
 */
final class JdbcProxySettings implements ProxySettings {

    static final int CACHE_ENTRIES = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcProxySettings.class);

    private record Entry(ProjectProxies proxies, long loadedAt) {
    }

    private final Database db;
    private final StorageExecutor executor;
    private final Clock clock;
    private final KeyDirectory keys;
    private final ProxyTargets targets;
    private final StripedLru<Entry> cache = new StripedLru<>(CACHE_ENTRIES);
    private final List<Consumer<ProjectProxies>> saved = new CopyOnWriteArrayList<>();
    /** Bumped by every invalidation, so a read that raced with a change is not remembered. */
    private final AtomicLong generation = new AtomicLong();

    JdbcProxySettings(Database db, StorageExecutor executor, Clock clock, KeyDirectory keys, ProxyTargets targets) {
        this.db = db;
        this.executor = executor;
        this.clock = clock;
        this.keys = keys;
        this.targets = targets;
        keys.onChanged(this::forget);
        keys.onChangedAll(this::forgetAll);
    }

    private void forget(String projectId) {
        generation.incrementAndGet();
        cache.remove(projectId);
    }

    private void forgetAll() {
        generation.incrementAndGet();
        cache.clear();
    }

    @Override
    public CompletionStage<ProjectProxies> of(String projectId) {
        if (projectId == null || projectId.isEmpty() || projectId.length() > 64) {
            return CompletableFuture.failedFuture(notFound(projectId));
        }
        Entry e = cache.get(projectId);
        long now = keys.nanoTime();
        if (e != null && keys.feedFresh() && now - e.loadedAt() <= keys.maxAge().toNanos()) {
            return CompletableFuture.completedFuture(e.proxies());
        }
        long gen = generation.get();
        return keys.lookup("reading a project's backends", c -> read(c, projectId)).thenApply(found -> {
            ProjectProxies p = found.orElseThrow(() -> notFound(projectId));
            cache.putIf(projectId, new Entry(p, keys.nanoTime()), () -> generation.get() == gen);
            return p;
        });
    }

    @Override
    public CompletionStage<List<ProjectProxies>> all() {
        return keys.lookup("reading every project's backends", c -> {
            List<ProjectProxies> out = new ArrayList<>();
            for (String id : Database.query(c, "select distinct project_id from project_proxies order by project_id",
                    rs -> rs.getString(1))) {
                read(c, id).ifPresent(out::add);
            }
            return out;
        });
    }

    @Override
    public CompletionStage<ProjectProxies> set(String projectId, ProxyKind kind, String url, Duration timeout) {
        URI endpoint;
        Duration t;
        try {
            endpoint = InputRules.proxyEndpoint(url);
            t = InputRules.proxyTimeout(timeout == null ? DEFAULT_TIMEOUT : timeout);
        } catch (ControlPlaneException e) {
            return CompletableFuture.failedFuture(e);
        }
        return executor.submit("setting a project backend", () -> {
            targets.check(endpoint);
            return change(projectId, c -> {
                Database.update(c, "delete from project_proxies where project_id = ? and kind = ?", projectId, kind.id());
                Database.update(c, "insert into project_proxies (project_id, kind, endpoint, timeout_ms) values (?, ?, ?, ?)",
                        projectId, kind.id(), endpoint.toString(), t.toMillis());
                Database.update(c, "update projects set proxy_signing_secret = ? where id = ? and proxy_signing_secret is null",
                        ApiKeys.newProxySecret(), projectId);
            });
        });
    }

    @Override
    public CompletionStage<ProjectProxies> remove(String projectId, ProxyKind kind) {
        return executor.submit("removing a project backend", () -> change(projectId, c ->
                Database.update(c, "delete from project_proxies where project_id = ? and kind = ?", projectId, kind.id())));
    }

    @Override
    public CompletionStage<ProjectProxies> rotateSigningSecret(String projectId) {
        return executor.submit("replacing a project's signing secret", () -> change(projectId, c ->
                Database.update(c, "update projects set proxy_signing_secret = ? where id = ?",
                        ApiKeys.newProxySecret(), projectId)));
    }

    /** A statement run by {@link #change}. */
    private interface Change {
        void apply(Connection c) throws SQLException;
    }

    /** Applies a change to an existing project, records it in the feed, and answers the result. */
    private ProjectProxies change(String projectId, Change change) throws SQLException {
        ProjectProxies after = db.write(c -> {
            boolean exists = Database.queryOne(c, "select id from projects where id = ?", rs -> rs.getString(1), projectId)
                    .isPresent();
            if (!exists) {
                throw notFound(projectId);
            }
            change.apply(c);
            KeyChanges.record(c, projectId, clock.millis());
            return read(c, projectId).orElseThrow(() -> notFound(projectId));
        });
        keys.invalidate(projectId);
        for (Consumer<ProjectProxies> listener : saved) {
            try {
                listener.accept(after);
            } catch (RuntimeException e) {
                LOG.error("a project-backends listener failed for {}", projectId, e);
            }
        }
        return after;
    }

    @Override
    public void onSaved(Consumer<ProjectProxies> listener) {
        saved.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    static Optional<ProjectProxies> read(Connection c, String projectId) throws SQLException {
        Optional<String> secret = Database.queryOne(c, "select id, proxy_signing_secret from projects where id = ?",
                rs -> Optional.ofNullable(rs.getString(2)).orElse(""), projectId);
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        Map<ProxyKind, ProjectProxy> endpoints = new EnumMap<>(ProxyKind.class);
        for (ProjectProxy p : Database.query(c, "select kind, endpoint, timeout_ms from project_proxies where project_id = ?",
                rs -> new ProjectProxy(ProxyKind.of(rs.getString(1)), URI.create(rs.getString(2)),
                        Duration.ofMillis(rs.getLong(3))), projectId)) {
            endpoints.put(p.kind(), p);
        }
        return Optional.of(new ProjectProxies(projectId, endpoints, secret.get()));
    }

    private static ControlPlaneException notFound(String projectId) {
        return new ControlPlaneException(NOT_FOUND, "no such project: " + projectId);
    }
}
