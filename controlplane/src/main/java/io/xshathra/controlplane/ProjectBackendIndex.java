package io.xshathra.controlplane;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backends of every project that has one, in memory, for the engine's lookups on the request
 * path (which must not wait for a database). Loaded once when the server starts; a change made
 * through this process is taken before its stage completes ({@link ProxySettings#onSaved}); each
 * project is also read again when the change feed reports it ({@link ProjectEvents#onChanged}: at once for a
 * change made through this process, within the feed's bound for one made elsewhere), and dropped
 * when it no longer exists or has no endpoint. Its size is the number of projects with backends.
 * Thread-safe.
 */
public final class ProjectBackendIndex {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectBackendIndex.class);

    private final ProxySettings settings;
    private final Map<String, ProjectProxies> byProject = new ConcurrentHashMap<>();
    /** Reloads under way per project: only the latest one's answer is applied. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    private ProjectBackendIndex(ProxySettings settings) {
        this.settings = settings;
    }

    /**
     * Reads every project's backends (blocking, at startup) and follows the changes.
     *
     * @throws StorageException when the database cannot be read
     */
    public static ProjectBackendIndex start(ProxySettings settings, ProjectEvents events) {
        ProjectBackendIndex index = new ProjectBackendIndex(Objects.requireNonNull(settings, "settings"));
        events.onChanged(index::reload);
        settings.onSaved(index::apply);
        try {
            for (ProjectProxies p : settings.all().toCompletableFuture().get(30, TimeUnit.SECONDS)) {
                index.byProject.putIfAbsent(p.projectId(), p);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while reading project backends", e);
        } catch (Exception e) {
            throw new StorageException("cannot read project backends: " + e.getMessage(), e);
        }
        return index;
    }

    /** The project's backends; empty when it has none. */
    public Optional<ProjectProxies> of(String projectId) {
        return projectId == null ? Optional.empty() : Optional.ofNullable(byProject.get(projectId));
    }

    /** How many projects have backends. */
    public int size() {
        return byProject.size();
    }

    /** Takes a project's settings as they now are. */
    private void apply(ProjectProxies p) {
        if (p.endpoints().isEmpty()) {
            byProject.remove(p.projectId());
        } else {
            byProject.put(p.projectId(), p);
        }
    }

    private void reload(String projectId) {
        long mine = pending.merge(projectId, 1L, Long::sum);
        settings.of(projectId).whenComplete((p, failure) -> {
            if (pending.compute(projectId, (id, latest) -> latest != null && latest == mine ? null : latest) != null) {
                return; // a later reload is under way and will decide
            }
            if (failure == null) {
                apply(p);
            } else if (unwrap(failure) instanceof ControlPlaneException c
                    && c.reason() == ControlPlaneException.Reason.NOT_FOUND) {
                byProject.remove(projectId);
            } else {
                LOG.warn("cannot read the backends of project {}: {}", projectId, unwrap(failure).toString());
            }
        });
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
