package io.xshathra.engine.sharedpoll;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shared-poll timers (timer polls, spread-out batches, channel shutdown). Tasks run on
 * the scheduler's own thread and must not block. Tests supply a scheduler driven by hand.
 */
public interface PollScheduler {

    /** A scheduled task that may still be cancelled. */
    interface Task {
        /** Cancels the task if it has not run yet; harmless afterwards. */
        void cancel();
    }

    /** Runs {@code task} once, {@code delayMillis} from now (at once when not positive). */
    Task schedule(Runnable task, long delayMillis);

    /** A scheduler over {@code executor} (the caller closes the executor). */
    static PollScheduler of(ScheduledExecutorService executor) {
        return (task, delay) -> {
            ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        };
    }
}
