package io.xshathra.controlplane;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The backends of every project that has one, in memory, for the engine's lookups on the request
 * path (which must not wait for a database). Kept current by the {@link ProjectIndexLoader}:
 * loaded when the server starts, each project read again when the change feed reports it (at
 * once for a change made through this process, within the feed's bound for one made elsewhere),
 * and dropped when it no longer exists or has no endpoint; a change made through this process is
 * also taken before its stage completes ({@link ProxySettings#onSaved}). Its size is the number of
 * projects with backends ({@link #size()}). Thread-safe.
 */
public final class ProjectBackendIndex extends ProjectIndex<ProjectProxies, ProjectProxies> {

    private final ProxySettings settings;

    private ProjectBackendIndex(ProxySettings settings) {
        super("backends");
        this.settings = settings;
    }

    /** An empty index that takes the changes saved through this process; load it with a {@link ProjectIndexLoader}. */
    public static ProjectBackendIndex create(ProxySettings settings) {
        ProjectBackendIndex index = new ProjectBackendIndex(Objects.requireNonNull(settings, "settings"));
        settings.onSaved(p -> index.saved(p.projectId(), p));
        return index;
    }

    /** The project's backends; empty when it has none. */
    public Optional<ProjectProxies> of(String projectId) {
        return Optional.ofNullable(entryOf(projectId));
    }

    @Override
    public CompletionStage<Map<String, ProjectProxies>> readAll() {
        return settings.all().thenApply(list -> byProject(list, ProjectProxies::projectId));
    }

    @Override
    public CompletionStage<ProjectProxies> read(String projectId) {
        return settings.of(projectId);
    }

    /** A project with backends has an entry. */
    @Override
    protected ProjectProxies entry(String projectId, ProjectProxies p) {
        return p.endpoints().isEmpty() ? null : p;
    }
}
