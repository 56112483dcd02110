package io.xshathra.engine.util;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets one warning through at most once per interval, counting the ones held back, so that a
 * failure repeated by every client or every poll (a backend that is down, a page hammering the
 * server) costs one log line per interval instead of flooding the log. Thread-safe, lock-free.
 */
public final class LogThrottle {
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong nextNanos;
    private final AtomicLong held = new AtomicLong();

    public LogThrottle(long interval, TimeUnit unit) {
        this(interval, unit, System::nanoTime);
    }

    /** With the clock a test drives. */
    LogThrottle(long interval, TimeUnit unit, LongSupplier nanoTime) {
        this.intervalNanos = unit.toNanos(interval);
        this.nanoTime = nanoTime;
        this.nextNanos = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Whether this occurrence may be logged now; when it may, {@link #held()} then tells how many
     * were held back since the previous one.
     *
     * @return -1 when the occurrence is held back, else the number held back before it
     */
    public long admit() {
        long now = nanoTime.getAsLong();
        long next = nextNanos.get();
        if (now - next < 0 || !nextNanos.compareAndSet(next, now + intervalNanos)) {
            held.incrementAndGet();
            return -1;
        }
        return held.getAndSet(0);
    }

    /** " (N more since the last one)" for a count from {@link #admit}, or "" for none. */
    public static String more(long held) {
        return held <= 0 ? "" : " (" + held + " more since the last one)";
    }
}
