package io.xshathra.microbench;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An "event loop" that runs every task at once on the calling thread and parks every timer.
 *
 * <p>Why inline: a benchmark then measures the engine's own CPU work on one thread (decode,
 * encode, the hub's walk over its subscribers, each session's delivery checks and the
 * transport write), without a thread hand-off whose cost on this shared 2-core machine would
 * swamp and blur it. The calling benchmark thread plays the event loop of every session bound to
 * this instance, so the one-thread-per-connection rule still holds (JMH runs one thread).
 *
 * <p>Why timers are parked: stale, ping, pong and presence timers are not the hot path, and
 * letting them fire in a long run would close connections that never answer pings. A parked
 * timer never runs; cancelling it succeeds.
 */
public final class InlineEventLoop extends AbstractExecutorService implements ScheduledExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return new Parked<>(delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return new Parked<>(delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return new Parked<>(initialDelay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return new Parked<>(initialDelay, unit);
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }

    /** A timer that never fires. */
    private static final class Parked<V> implements ScheduledFuture<V> {
        private final long delayNanos;
        private volatile boolean cancelled;

        Parked(long delay, TimeUnit unit) {
            this.delayNanos = unit.toNanos(delay);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(delayNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled;
        }

        @Override
        public V get() {
            throw new UnsupportedOperationException("a parked timer never completes");
        }

        @Override
        public V get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("a parked timer never completes");
        }
    }
}
