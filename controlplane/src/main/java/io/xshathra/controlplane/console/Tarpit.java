package io.xshathra.controlplane.console;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds the refusals of throttled sign-in, sign-up and setup attempts for {@link #DELAY} before
 * they are sent. The server answers one request of a connection at a time and reads the next
 * only after the answer is written, so a held refusal limits a flooding connection to about one
 * attempt a second instead of as many cheap refusals as the CPU can produce, which would
 * otherwise crowd the event loops that every tenant's API calls share. A person who was
 * throttled only waits one more second for the page.
 *
 * <p>At most {@link #MAX_HELD} refusals are held at once (each is a small rendered page); past
 * that they are answered at once. Thread-safe.
 */
final class Tarpit {
    static final Duration DELAY = Duration.ofSeconds(1);
    static final int MAX_HELD = 4096;

    private final Executor later = CompletableFuture.delayedExecutor(DELAY.toMillis(), TimeUnit.MILLISECONDS);
    private final AtomicInteger held = new AtomicInteger();

    /** The response, completed after {@link #DELAY} (or at once while {@link #MAX_HELD} are held). */
    <T> CompletionStage<T> hold(T refusal) {
        if (held.incrementAndGet() > MAX_HELD) {
            held.decrementAndGet();
            return CompletableFuture.completedFuture(refusal);
        }
        CompletableFuture<T> out = new CompletableFuture<>();
        later.execute(() -> {
            held.decrementAndGet();
            out.complete(refusal);
        });
        return out;
    }

    /** Refusals held right now (for tests). */
    int held() {
        return held.get();
    }
}
