package io.xshathra.engine.config;

import java.time.Duration;

/**
 * Client knobs that change how a connection is served.
 *
 * @param concurrency               {@code client.concurrency}: how many of one connection's
 *                                  proxied commands may wait on their backends at once; 0 or 1
 *                                  serves a connection's commands strictly one after the other
 * @param channelPositionMaxTimeLag {@code client.channel_position_max_time_lag}: a publication
 *                                  that reaches this node later than this after it was published
 *                                  tells positioned subscribers their state is insufficient;
 *                                  zero disables the check
 * @param writeHoldMax              {@code client.write_hold_max}: the longest an event loop that
 *                                  is busy writing may hold a connection's messages back so that
 *                                  more of them leave in one write (the flush pass that writes
 *                                  them comes at most three eighths of the hold later); zero
 *                                  never holds
 */
public record ClientTuning(int concurrency, Duration channelPositionMaxTimeLag, Duration writeHoldMax) {

    /** Default of {@code client.write_hold_max}. */
    public static final Duration DEFAULT_WRITE_HOLD_MAX = Duration.ofMillis(8);
    /** The largest {@code client.write_hold_max} accepted. */
    public static final Duration WRITE_HOLD_MAX_LIMIT = Duration.ofMillis(100);

    /** No concurrency, no time lag check, the default write hold. */
    public static final ClientTuning NONE = new ClientTuning(0, Duration.ZERO);

    public ClientTuning {
        if (concurrency < 0) {
            throw new IllegalArgumentException("concurrency must not be negative");
        }
        channelPositionMaxTimeLag = channelPositionMaxTimeLag == null || channelPositionMaxTimeLag.isNegative()
                ? Duration.ZERO : channelPositionMaxTimeLag;
        writeHoldMax = writeHoldMax == null ? DEFAULT_WRITE_HOLD_MAX
                : writeHoldMax.isNegative() ? Duration.ZERO : writeHoldMax;
        if (writeHoldMax.compareTo(WRITE_HOLD_MAX_LIMIT) > 0) {
            throw new IllegalArgumentException("writeHoldMax must be at most " + WRITE_HOLD_MAX_LIMIT.toMillis() + "ms");
        }
    }

    /** The first two knobs, with the default write hold. */
    public ClientTuning(int concurrency, Duration channelPositionMaxTimeLag) {
        this(concurrency, channelPositionMaxTimeLag, DEFAULT_WRITE_HOLD_MAX);
    }

    /** Whether proxied commands of one connection may run side by side. */
    public boolean concurrent() {
        return concurrency > 1;
    }

    /** The time lag limit in milliseconds; 0 when off. */
    public long maxTimeLagMillis() {
        return channelPositionMaxTimeLag.toMillis();
    }
}
