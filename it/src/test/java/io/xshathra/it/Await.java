package io.xshathra.it;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waiting with deadlines: polling a condition, taking from a queue, getting a future. */
final class Await {
    /** The default deadline for anything that should happen "now" on loopback. */
    static final Duration SHORT = Duration.ofSeconds(5);

    private Await() {
    }

    /** Polls every 20 ms until the condition holds; fails with {@code what} at the deadline. */
    static void until(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }

    /** The next element, or fails naming {@code what}. */
    static <T> T take(BlockingQueue<T> queue, Duration timeout, String what) {
        try {
            T t = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (t == null) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            return t;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for: " + what, e);
        }
    }

    static <T> T take(BlockingQueue<T> queue, String what) {
        return take(queue, SHORT, what);
    }

    /** The future's value, or fails naming {@code what}; a failed future rethrows its cause. */
    static <T> T get(CompletableFuture<T> future, Duration timeout, String what) throws Throwable {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    static <T> T get(CompletableFuture<T> future, String what) throws Throwable {
        return get(future, SHORT, what);
    }
}
