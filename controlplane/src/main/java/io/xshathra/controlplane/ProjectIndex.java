package io.xshathra.controlplane;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One in-memory index of a per-project setting (backends, namespaces, limits, webhook endpoints):
 * an entry per project that has something other than the default. Kept current by the
 * {@link ProjectIndexLoader}: the index says how its slice of a project is read and what entry a
 * slice makes; the loader decides when to read and which answer is the latest. A change made
 * through this process may also be applied by the index itself as it commits (its store's
 * {@code onSaved}, through {@link #saved}); a read that started before such a change never
 * overwrites it ({@link #mark}, {@link #applyRead}), so a change is in the index from the moment
 * its stage completes. Thread-safe.
 *
 * @param <T> one project's slice, as the store reads it
 * @param <V> one project's entry, as the lookups use it
 */
public abstract class ProjectIndex<T, V> {

    private final String what;
    private final Map<String, V> byProject = new ConcurrentHashMap<>();
    /** Counts the changes saved through this process; a mark is its value when a read starts. */
    private long saves;
    /** When each project's latest change saved through this process was taken, by {@link #saves}. */
    private final Map<String, Long> savedAt = new ConcurrentHashMap<>();

    /** @param what what the index holds, for log lines ("backends", "limits") */
    protected ProjectIndex(String what) {
        this.what = what;
    }

    /** What the index holds, for log lines. */
    public final String what() {
        return what;
    }

    /** Every project's slice (a project without one may be absent). */
    public abstract CompletionStage<Map<String, T>> readAll();

    /** One project's slice as it now is; fails with {@code NOT_FOUND} when the project no longer exists. */
    public abstract CompletionStage<T> read(String projectId);

    /** The entry a project's slice makes; null when the slice is the default (no entry). */
    protected abstract V entry(String projectId, T slice);

    /** Takes a change saved through this process, as it commits. */
    public final synchronized void saved(String projectId, T slice) {
        savedAt.put(projectId, ++saves);
        apply(projectId, slice);
    }

    /** The mark of a read that starts now, for {@link #applyRead}. */
    public final synchronized long mark() {
        return saves;
    }

    /**
     * Takes a slice read from the store, unless a change to the project was saved through this
     * process after the read started ({@code mark}): that change is newer than what was read.
     *
     * @return whether the slice was taken
     */
    public final synchronized boolean applyRead(String projectId, T slice, long mark) {
        Long at = savedAt.get(projectId);
        if (at != null && at > mark) {
            return false;
        }
        apply(projectId, slice);
        return true;
    }

    /** Drops a project's entry, unless a change to it was saved through this process after {@code mark}. */
    public final synchronized void removeRead(String projectId, long mark) {
        Long at = savedAt.get(projectId);
        if (at == null || at <= mark) {
            remove(projectId);
        }
    }

    /** Takes a project's slice as it now is. */
    private void apply(String projectId, T slice) {
        V entry = entry(projectId, slice);
        if (entry == null) {
            byProject.remove(projectId);
        } else {
            byProject.put(projectId, entry);
        }
    }

    /** Drops a project's entry (the project no longer exists). */
    public final synchronized void remove(String projectId) {
        byProject.remove(projectId);
        savedAt.remove(projectId);
    }

    /** The projects with an entry, a copy (a full reload drops those the store no longer has). */
    public final Set<String> projects() {
        return Set.copyOf(byProject.keySet());
    }

    /** How many projects have an entry. */
    public final int size() {
        return byProject.size();
    }

    /** A project's entry, or null. */
    protected final V entryOf(String projectId) {
        return projectId == null ? null : byProject.get(projectId);
    }

    /** Every entry (a live view). */
    protected final Collection<V> entries() {
        return byProject.values();
    }

    /** A store's list of per-project slices keyed by project. */
    protected static <X> Map<String, X> byProject(List<X> slices, Function<X, String> projectOf) {
        Map<String, X> out = new HashMap<>();
        for (X x : slices) {
            out.put(projectOf.apply(x), x);
        }
        return out;
    }
}
