package io.xshathra.controlplane.limits;

import io.xshathra.controlplane.ProjectIndex;
import io.xshathra.controlplane.ProjectIndexLoader;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Every project's effective limits, in memory, for lookups on the connect and publish paths
 * (which must not wait for a database). Holds an entry only for a project with overrides; every
 * other project runs with the defaults. Kept current by the {@link ProjectIndexLoader}: loaded at
 * startup, a change made elsewhere (another node, the CLI) taken when the change feed reports it
 * (within about a second); a change made through this process is taken when it commits
 * ({@link ProjectLimitStore#onSaved}). Its size is the number of projects with overrides.
 * Thread-safe.
 */
public final class ProjectLimitIndex extends ProjectIndex<LimitOverrides, LimitSettings> {

    private final ProjectLimitStore store;
    private final LimitSettings defaults;

    private ProjectLimitIndex(ProjectLimitStore store, LimitSettings defaults) {
        super("limits");
        this.store = store;
        this.defaults = defaults;
    }

    /** An empty index that takes the changes saved through this process; load it with a {@link ProjectIndexLoader}. */
    public static ProjectLimitIndex create(ProjectLimitStore store, LimitSettings defaults) {
        ProjectLimitIndex index = new ProjectLimitIndex(Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(defaults, "defaults"));
        store.onSaved(index::saved);
        return index;
    }

    /** The configured defaults. */
    public LimitSettings defaults() {
        return defaults;
    }

    /** The limits a project runs with (the defaults when it has no override). */
    public LimitSettings of(String projectId) {
        LimitSettings l = entryOf(projectId);
        return l != null ? l : defaults;
    }

    @Override
    public CompletionStage<Map<String, LimitOverrides>> readAll() {
        return store.all();
    }

    @Override
    public CompletionStage<LimitOverrides> read(String projectId) {
        return store.of(projectId);
    }

    /** A project with overrides has an entry: its effective limits. */
    @Override
    protected LimitSettings entry(String projectId, LimitOverrides overrides) {
        return overrides.isEmpty() ? null : overrides.over(defaults);
    }
}
