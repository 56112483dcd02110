package io.xshathra.testkit;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting in tests, always against a deadline: polling a condition, taking from a queue, getting
 * a future. Every failure is an {@link AssertionError} that names what was awaited and for how
 * long, so a red test says what did not happen. Tests never sleep to wait for something; the one
 * pause between two polls of a condition lives here.
 *
 * <p>Two helpers exist for the rare tests where elapsed time is itself the behaviour:
 * {@link #quietFor} (something must <em>not</em> happen for a while) and {@link #pace} (a client
 * that is deliberately slow).
 */
public final class Await {
    /** The default deadline for anything that should happen "now" on loopback. */
    public static final Duration SHORT = Duration.ofSeconds(5);
    /** The longest pause between two polls of a condition. */
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private Await() {
    }

    /**
     * Polls until the condition holds; fails naming {@code what} at the deadline. The first polls
     * follow each other closely (1 ms, doubling up to 20 ms), so a quick condition is seen quickly.
     *
     * @return how long it took
     */
    public static Duration until(Duration timeout, BooleanSupplier condition, String what) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            pause(Math.min(pause, Math.max(0, deadline - System.nanoTime())), what);
            pause = Math.min(pause * 2, MAX_POLL_NANOS);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** {@link #until(Duration, BooleanSupplier, String)} with the {@link #SHORT} deadline. */
    public static Duration until(BooleanSupplier condition, String what) {
        return until(SHORT, condition, what);
    }

    /**
     * Polls until the condition holds or {@code timeout} has passed; whether it held. For a step
     * that may be retried (publish, then give the delivery a moment), inside an {@link #until}.
     */
    public static boolean holdsWithin(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            pause(Math.min(pause, left), "a condition");
            pause = Math.min(pause * 2, MAX_POLL_NANOS);
        }
        return true;
    }

    /**
     * Asserts that {@code unwanted} stays false for the whole {@code period}, polling it; fails as
     * soon as it holds, naming {@code what}. For the tests whose claim is that something does not
     * happen (a client is not dropped, nothing else arrives), where waiting out the period is the
     * test itself.
     */
    public static void quietFor(Duration period, BooleanSupplier unwanted, String what) {
        long start = System.nanoTime();
        long end = start + period.toNanos();
        while (true) {
            if (unwanted.getAsBoolean()) {
                throw new AssertionError("happened after " + (System.nanoTime() - start) / 1_000_000
                        + " ms, expected not within " + period.toMillis() + " ms: " + what);
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            pause(Math.min(left, MAX_POLL_NANOS), what);
        }
    }

    /**
     * Lets {@code interval} pass on purpose, for a client whose slowness or pacing is the behaviour
     * under test ({@code why} says which). Never a way to wait for something to happen: use
     * {@link #until} for that.
     */
    public static void pace(Duration interval, String why) {
        long end = System.nanoTime() + interval.toNanos();
        for (long left = interval.toNanos(); left > 0; left = end - System.nanoTime()) {
            pause(left, why);
        }
    }

    /** The next element, or fails naming {@code what}. */
    public static <T> T take(BlockingQueue<T> queue, Duration timeout, String what) {
        try {
            T t = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (t == null) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            return t;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for: " + what, e);
        }
    }

    /** {@link #take(BlockingQueue, Duration, String)} with the {@link #SHORT} deadline. */
    public static <T> T take(BlockingQueue<T> queue, String what) {
        return take(queue, SHORT, what);
    }

    /** The future's value, or fails naming {@code what}; a failed future rethrows its cause. */
    public static <T> T get(CompletableFuture<T> future, Duration timeout, String what) throws Throwable {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for: " + what, e);
        }
    }

    /** {@link #get(CompletableFuture, Duration, String)} with the {@link #SHORT} deadline. */
    public static <T> T get(CompletableFuture<T> future, String what) throws Throwable {
        return get(future, SHORT, what);
    }

    private static void pause(long nanos, String what) {
        LockSupport.parkNanos(nanos);
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for: " + what);
        }
    }
}
