package io.xshathra.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that only moves when a test says so, for code that takes a {@link Clock}: expiry,
 * throttles, TTLs and timers are tested by advancing it instead of waiting. Thread-safe: any
 * thread may read it while the test advances it.
 */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** A clock at a fixed, round instant (2025-01-01T00:00:00Z). */
    public static MutableClock atFixedInstant() {
        return new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    }

    /** Moves the clock forward (or back, for a negative duration). */
    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    /** Sets the clock to an instant. */
    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same clock: tests use UTC only, and a zone does not change the instant. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
