package io.xshathra.controlplane.storage;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling a condition with a deadline, for changes another process makes. */
final class Eventually {

    private Eventually() {
    }

    /**
     * Polls every 20 ms until the condition holds; fails naming {@code what} at the deadline.
     *
     * @return how long it took
     */
    static Duration within(Duration timeout, BooleanSupplier condition, String what) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
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
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
