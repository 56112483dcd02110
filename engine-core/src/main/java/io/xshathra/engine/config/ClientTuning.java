package io.xshathra.engine.config;

import java.time.Duration;

/**
 * Client knobs that change how a connection is served, both off by default.
 *
 * @param concurrency               {@code client.concurrency}: how many of one connection's
 *                                  proxied commands may wait on their backends at once; 0 or 1
 *                                  serves a connection's commands strictly one after the other
 * @param channelPositionMaxTimeLag {@code client.channel_position_max_time_lag}: a publication
 *                                  that reaches this node later than this after it was published
 *                                  tells positioned subscribers their state is insufficient;
 *                                  zero disables the check
 */
public record ClientTuning(int concurrency, Duration channelPositionMaxTimeLag) {

    /** Both knobs off. */
    public static final ClientTuning NONE = new ClientTuning(0, Duration.ZERO);

    public ClientTuning {
        if (concurrency < 0) {
            throw new IllegalArgumentException("concurrency must not be negative");
        }
        channelPositionMaxTimeLag = channelPositionMaxTimeLag == null || channelPositionMaxTimeLag.isNegative()
                ? Duration.ZERO : channelPositionMaxTimeLag;
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
