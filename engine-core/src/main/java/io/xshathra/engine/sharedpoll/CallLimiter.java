package io.xshathra.engine.sharedpoll;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The node-wide bound on backend poll calls in flight ({@code shared_poll.concurrency_limit}),
 * shared by every channel. A call over the bound waits in a queue without blocking any thread; the
 * queue is bounded too, and a call that finds it full is dropped (the next timer poll covers its
 * keys). Thread-safe.
 */
final class CallLimiter {
    /** Calls waiting for a slot at most. */
    static final int MAX_WAITING = 65_536;

    private final int limit;
    private final ArrayDeque<Supplier<CompletionStage<?>>> waiting = new ArrayDeque<>();
    private int running;

    CallLimiter(int limit) {
        this.limit = limit;
    }

    /**
     * Starts {@code call} now or once a slot frees up; false when it was dropped because too many
     * calls wait.
     */
    boolean submit(Supplier<CompletionStage<?>> call) {
        synchronized (this) {
            if (running >= limit) {
                if (waiting.size() >= MAX_WAITING) {
                    return false;
                }
                waiting.add(call);
                return true;
            }
            running++;
        }
        start(call);
        return true;
    }

    /** Runs {@code call}, then the waiting ones in turn; a loop, so calls that end at once do not nest. */
    private void start(Supplier<CompletionStage<?>> call) {
        while (call != null) {
            CompletableFuture<?> f;
            try {
                f = call.get().toCompletableFuture();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            if (!f.isDone()) {
                f.whenComplete((r, e) -> start(next()));
                return;
            }
            call = next();
        }
    }

    /** The next waiting call, keeping the slot; or null, releasing it. */
    private synchronized Supplier<CompletionStage<?>> next() {
        Supplier<CompletionStage<?>> n = waiting.poll();
        if (n == null) {
            running--;
        }
        return n;
    }

    synchronized int running() {
        return running;
    }
}
