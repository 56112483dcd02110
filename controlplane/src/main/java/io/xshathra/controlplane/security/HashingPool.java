package io.xshathra.controlplane.security;

import io.xshathra.controlplane.ControlPlaneException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that run password hashing ({@code xshathra-hash-N}), and nothing else. Argon2id
 * is deliberately slow and memory-hungry; running it here keeps a flood of sign-in attempts off
 * the storage executor (which then does only short database work) and off most of the CPU. A
 * few threads (at most half the cores) and a short queue: when both are full, new work is
 * refused at once and its stage fails with {@link ControlPlaneException.Reason#BUSY} and a
 * retry-after, which the console answers with 503. Stages complete on these threads.
 */
public final class HashingPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HashingPool.class);
    /** What a refused caller is told to wait. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    /**
     * Pool size.
     *
     * @param threads hashing threads
     * @param queue   hashes allowed to wait for a thread
     */
    public record Size(int threads, int queue) {
        public Size {
            if (threads < 1 || queue < 0) {
                throw new IllegalArgumentException("threads must be positive and queue not negative");
            }
        }

        /** Half the cores (at least one, at most 8), and four waiting hashes per thread. */
        public static Size forThisMachine() {
            int threads = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors() / 2));
            return new Size(threads, 4 * threads);
        }
    }

    private final ThreadPoolExecutor executor;
    private final Size size;

    public HashingPool(Size size) {
        this.size = size;
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(size.threads(), size.threads(), 60, TimeUnit.SECONDS,
                size.queue() == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(size.queue()),
                r -> {
                    Thread t = new Thread(r, "xshathra-hash-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    public Size size() {
        return size;
    }

    /** Runs the hashing work on a pool thread; refused at once with {@code BUSY} when the pool is full. */
    public <T> CompletionStage<T> submit(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(work.get());
                } catch (RuntimeException | Error e) {
                    if (!(e instanceof ControlPlaneException)) {
                        LOG.error("password hashing failed", e);
                    }
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(executor.isShutdown()
                    ? new IllegalStateException("the hashing pool is closed")
                    : new ControlPlaneException(ControlPlaneException.Reason.BUSY,
                    "too many sign-ins are being checked right now; try again in a moment", RETRY_AFTER));
        }
        return result;
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
