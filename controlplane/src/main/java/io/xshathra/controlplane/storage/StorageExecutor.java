package io.xshathra.controlplane.storage;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.StorageException;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's own threads ({@code xshathra-storage-N}): every database call runs here,
 * never on an event loop (password hashing has its own pool, {@code HashingPool}, so that only
 * short database work waits in this queue). A fixed number of threads and a bounded
 * queue: when the queue is full, new work is refused at once and its stage fails with an
 * {@linkplain StorageException#overloaded() overloaded} {@link StorageException}, so a burst
 * cannot grow memory or latency without bound. Stages complete on these threads.
 */
final class StorageExecutor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StorageExecutor.class);

    @FunctionalInterface
    interface Task<T> {
        T run() throws SQLException;
    }

    private final ThreadPoolExecutor executor;
    private final int queueCapacity;

    StorageExecutor(int threads, int queueCapacity) {
        this("xshathra-storage", threads, queueCapacity);
    }

    /** An executor whose threads are named {@code <name>-N}. */
    StorageExecutor(String name, int threads, int queueCapacity) {
        this.queueCapacity = queueCapacity;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), factory, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs the task on a storage thread. {@link ControlPlaneException}s pass through; an
     * {@link SQLException} becomes a {@link StorageException} that says what was being done.
     */
    <T> CompletionStage<T> submit(String what, Task<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(task.run());
                } catch (ControlPlaneException | StorageException e) {
                    result.completeExceptionally(e);
                } catch (SQLException e) {
                    result.completeExceptionally(new StorageException(what + " failed: " + e.getMessage(), e));
                } catch (RuntimeException | Error e) {
                    LOG.error("{} failed", what, e);
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            String why = executor.isShutdown() ? "the control-plane store is closed"
                    : "storage is overloaded: " + queueCapacity + " tasks are already waiting; try again shortly";
            result.completeExceptionally(new StorageException(what + " refused: " + why, e, !executor.isShutdown()));
        }
        return result;
    }

    /** Stops taking work and waits up to the given time for queued work to finish. */
    void close(long timeoutMillis) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                LOG.warn("storage work still running after {} ms; abandoning it", timeoutMillis);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(10_000);
    }
}
