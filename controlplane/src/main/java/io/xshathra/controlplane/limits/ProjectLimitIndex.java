package io.xshathra.controlplane.limits;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.ProjectEvents;
import io.xshathra.controlplane.StorageException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every project's effective limits, in memory, for lookups on the connect and publish paths
 * (which must not wait for a database). Holds an entry only for a project with overrides; every
 * other project runs with the defaults. Loaded once at startup; a change made through this process
 * is taken when it commits, one made elsewhere (another node, the CLI) when the change feed
 * reports it (within about a second). Its size is the number of projects with overrides.
 * Thread-safe.
 */
public final class ProjectLimitIndex {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectLimitIndex.class);

    private final ProjectLimitStore store;
    private final LimitSettings defaults;
    private final Map<String, LimitSettings> effective = new ConcurrentHashMap<>();
    /** Reloads under way per project: only the latest one's answer is applied. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    private ProjectLimitIndex(ProjectLimitStore store, LimitSettings defaults) {
        this.store = store;
        this.defaults = defaults;
    }

    /**
     * Reads every project's overrides (blocking, at startup) and follows the changes.
     *
     * @throws StorageException when the database cannot be read
     */
    public static ProjectLimitIndex start(ProjectLimitStore store, ProjectEvents events, LimitSettings defaults) {
        ProjectLimitIndex index = new ProjectLimitIndex(Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(defaults, "defaults"));
        events.onChanged(index::reload);
        store.onSaved(index::apply);
        try {
            store.all().toCompletableFuture().get(30, TimeUnit.SECONDS)
                    .forEach((id, o) -> index.effective.putIfAbsent(id, o.over(defaults)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while reading project limits", e);
        } catch (Exception e) {
            throw new StorageException("cannot read project limits: " + e.getMessage(), e);
        }
        return index;
    }

    /** The configured defaults. */
    public LimitSettings defaults() {
        return defaults;
    }

    /** The limits a project runs with (the defaults when it has no override). */
    public LimitSettings of(String projectId) {
        LimitSettings l = effective.get(projectId);
        return l != null ? l : defaults;
    }

    /** Takes a project's overrides as they now are. */
    void apply(String projectId, LimitOverrides overrides) {
        if (overrides.isEmpty()) {
            effective.remove(projectId);
        } else {
            effective.put(projectId, overrides.over(defaults));
        }
    }

    private void reload(String projectId) {
        long mine = pending.merge(projectId, 1L, Long::sum);
        store.of(projectId).whenComplete((o, failure) -> {
            if (pending.compute(projectId, (id, latest) -> latest != null && latest == mine ? null : latest) != null) {
                return; // a later reload is under way and will decide
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause == null) {
                apply(projectId, o);
            } else if (cause instanceof ControlPlaneException c && c.reason() == ControlPlaneException.Reason.NOT_FOUND) {
                effective.remove(projectId);
            } else {
                LOG.warn("cannot read the limits of project {}: {}", projectId, cause.toString());
            }
        });
    }
}
