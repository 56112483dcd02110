package io.xshathra.controlplane;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the per-project {@link ProjectIndex}es current from one subscription to the project
 * change feed. {@link #start} reads every index's whole table (blocking). Then, for each project
 * the feed names ({@link ProjectEvents#onChanged}: at once for a change made through this process,
 * within the feed's bound for one made by another node or the command line), it reads that
 * project's slice of every index and hands each index its own; only a project's latest reload is
 * applied, so an earlier answer arriving late never overwrites a newer one. A project that no
 * longer exists is dropped from every index. When the feed cannot name what changed
 * ({@link ProjectEvents#onChangedAll}) every table is read again; a project the feed names while
 * that full read is under way is left to its own reload. A read that fails is logged and leaves
 * the index as it was until the project changes again.
 *
 * <p>Thread-safe: reads run on the stores' executors and their answers are applied on whichever
 * thread completes them; full reloads run one at a time.
 */
public final class ProjectIndexLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectIndexLoader.class);
    /** How long the first full read may take before the server gives up starting. */
    private static final long START_TIMEOUT_SECONDS = 60;

    private final List<ProjectIndex<?, ?>> indexes;
    /** Reloads under way per project: only the latest one's answers are applied. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    /** Full reloads asked for and not yet done; above zero while one is under way. */
    private final AtomicInteger fullWanted = new AtomicInteger();
    /** Projects the feed named while a full reload was under way: their own reload decides. */
    private final Set<String> namedDuringFull = ConcurrentHashMap.newKeySet();

    private ProjectIndexLoader(List<ProjectIndex<?, ?>> indexes) {
        this.indexes = List.copyOf(indexes);
    }

    /**
     * Follows the change feed for {@code indexes} and reads every project's slices (blocking).
     *
     * @throws StorageException when a table cannot be read
     */
    public static ProjectIndexLoader start(ProjectEvents events, ProjectIndex<?, ?>... indexes) {
        ProjectIndexLoader loader = new ProjectIndexLoader(List.of(indexes));
        // The first read is a full reload: changes named from here on are left to their own reload.
        loader.fullWanted.incrementAndGet();
        events.onChanged(loader::changed);
        events.onChangedAll(loader::reloadAll);
        List<String> failed;
        try {
            failed = loader.full().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while reading projects' settings", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StorageException("cannot read projects' settings: " + e, e);
        }
        if (!failed.isEmpty()) {
            throw new StorageException("cannot read project " + String.join("; ", failed), null);
        }
        return loader;
    }

    /** Reads one project's slice of every index and applies them, if no later reload started meanwhile. */
    private void changed(String projectId) {
        if (fullWanted.get() > 0) {
            namedDuringFull.add(projectId);
        }
        long mine = pending.merge(projectId, 1L, Long::sum);
        List<Slice<?>> reads = new ArrayList<>(indexes.size());
        for (ProjectIndex<?, ?> index : indexes) {
            reads.add(Slice.read(index, projectId));
        }
        CompletableFuture.allOf(reads.stream().map(Slice::stage).toArray(CompletableFuture[]::new))
                .whenComplete((v, e) -> {
                    if (pending.compute(projectId, (id, latest) -> latest != null && latest == mine ? null : latest)
                            != null) {
                        return; // a later reload is under way and will decide
                    }
                    reads.forEach(Slice::apply);
                });
    }

    /** Reads every table again; while one full reload runs, the ones asked for meanwhile make one more. */
    private void reloadAll() {
        if (fullWanted.getAndIncrement() == 0) {
            full();
        }
    }

    /**
     * One full reload: reads every table, applies what was read and, when more were asked for
     * meanwhile, starts the next. Completes with the indexes that could not be read.
     */
    private CompletableFuture<List<String>> full() {
        int covered = fullWanted.get();
        namedDuringFull.clear();
        List<Snapshot<?>> reads = new ArrayList<>(indexes.size());
        for (ProjectIndex<?, ?> index : indexes) {
            reads.add(Snapshot.read(index));
        }
        return CompletableFuture.allOf(reads.stream().map(Snapshot::stage).toArray(CompletableFuture[]::new))
                .handle((v, e) -> {
                    List<String> failed = new ArrayList<>();
                    for (Snapshot<?> r : reads) {
                        String failure = r.applyExcept(namedDuringFull);
                        if (failure != null) {
                            failed.add(failure);
                        }
                    }
                    if (fullWanted.addAndGet(-covered) > 0) {
                        full().thenAccept(ProjectIndexLoader::warn);
                    }
                    return failed;
                });
    }

    private static void warn(List<String> failed) {
        for (String f : failed) {
            LOG.warn("cannot read every project's {}", f);
        }
    }

    /** The stage of a read; a read that throws at once is a failed stage. */
    private static <T> CompletableFuture<T> stageOf(Supplier<CompletionStage<T>> read) {
        try {
            return read.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** One project's slice of one index, being read. */
    private record Slice<T>(ProjectIndex<T, ?> index, String projectId, long mark, CompletableFuture<T> stage) {

        static <T> Slice<T> read(ProjectIndex<T, ?> index, String projectId) {
            long mark = index.mark();
            return new Slice<>(index, projectId, mark, stageOf(() -> index.read(projectId)));
        }

        void apply() {
            try {
                index.applyRead(projectId, stage.join(), mark);
            } catch (CompletionException | CancellationException e) {
                Throwable cause = unwrap(e);
                if (cause instanceof ControlPlaneException c && c.reason() == ControlPlaneException.Reason.NOT_FOUND) {
                    index.removeRead(projectId, mark);
                } else {
                    LOG.warn("cannot read the {} of project {}: {}", index.what(), projectId, cause.toString());
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot take the {} of project {}: {}", index.what(), projectId, e.toString());
            }
        }
    }

    /** Every project's slice of one index, being read. */
    private record Snapshot<T>(ProjectIndex<T, ?> index, long mark, CompletableFuture<Map<String, T>> stage) {

        static <T> Snapshot<T> read(ProjectIndex<T, ?> index) {
            long mark = index.mark();
            return new Snapshot<>(index, mark, stageOf(index::readAll));
        }

        /** Applies what was read except to {@code skipped}; what could not be read, or null. */
        String applyExcept(Set<String> skipped) {
            Map<String, T> all;
            try {
                all = stage.join();
            } catch (CompletionException | CancellationException e) {
                return index.what() + ": " + unwrap(e).getMessage();
            }
            try {
                replace(all, skipped);
            } catch (RuntimeException e) {
                return index.what() + ": " + e;
            }
            return null;
        }

        private void replace(Map<String, T> all, Set<String> skipped) {
            for (String projectId : index.projects()) {
                if (!all.containsKey(projectId) && !skipped.contains(projectId)) {
                    index.removeRead(projectId, mark);
                }
            }
            all.forEach((projectId, slice) -> {
                if (!skipped.contains(projectId)) {
                    index.applyRead(projectId, slice, mark);
                }
            });
        }
    }
}
