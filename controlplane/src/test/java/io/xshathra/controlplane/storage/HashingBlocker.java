package io.xshathra.controlplane.storage;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Occupies every thread of a store's password-hashing pool until closed, for tests that show
 * what still works (and what is refused) while hashing is saturated. Works for a pool with no
 * queue ({@code HashingPool.Size(n, 0)}).
 */
public final class HashingBlocker implements AutoCloseable {

    private final CountDownLatch release = new CountDownLatch(1);

    /** Blocks {@code threads} hashing threads of the store and waits until they are all taken. */
    public HashingBlocker(ControlPlaneStore store, int threads) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            CompletionStage<Boolean> s = store.hashing().submit(() -> {
                running.countDown();
                try {
                    return release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
            s.toCompletableFuture().isDone(); // started, or refused when the pool was already full
        }
        if (!running.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the hashing threads were not all taken");
        }
    }

    @Override
    public void close() {
        release.countDown();
    }
}
