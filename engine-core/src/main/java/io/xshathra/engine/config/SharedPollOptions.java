package io.xshathra.engine.config;

import java.time.Duration;

/**
 * A namespace's {@code shared_poll} options (shared-poll subscriptions, Centrifugo v6.9.1). The
 * configuration reader validated the proxy name, the mode and {@code publish_enabled}; the numeric
 * settings are kept as written and their {@code effective…} accessors apply the library's rule that a
 * value of zero or less means the default. {@link #NONE} (no mode) marks namespaces whose
 * {@code subscription_type} is not {@code shared_poll}.
 *
 * @param mode                   how changes are detected; null = not a shared-poll namespace
 * @param proxyName              the poll backend: {@code default} ({@code channel.proxy.shared_poll_refresh})
 *                               or a name from {@code proxies}
 * @param refreshInterval        period of the timer poll of every tracked key
 * @param refreshBatchSize       most keys in one backend call
 * @param maxKeysPerConnection   most keys one connection may track in one channel
 * @param channelShutdownDelay   how long a channel without tracked keys keeps its poll state
 *                               (zero = the default, negative = torn down at once)
 * @param trackExpiredExtraDelay grace after a track signature's expiry before its keys are dropped
 * @param publishEnabled         whether the server API {@code shared_poll_publish} may write to the namespace
 */
public record SharedPollOptions(Mode mode, String proxyName, Duration refreshInterval, int refreshBatchSize,
                                int maxKeysPerConnection, Duration channelShutdownDelay,
                                Duration trackExpiredExtraDelay, boolean publishEnabled) {

    public static final SharedPollOptions NONE = new SharedPollOptions(null, ProxyEndpoint.DEFAULT_NAME,
            Duration.ZERO, 0, 0, Duration.ZERO, Duration.ZERO, false);

    /** Poll period when none (or a non-positive one) is set. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(10);
    /** Keys per backend call when none is set. */
    public static final int DEFAULT_REFRESH_BATCH_SIZE = 1000;
    /** Keys per connection and channel when none is set. */
    public static final int DEFAULT_MAX_KEYS_PER_CONNECTION = 5000;
    /** How long an empty channel keeps its state when no delay is set. */
    public static final Duration DEFAULT_CHANNEL_SHUTDOWN_DELAY = Duration.ofSeconds(1);
    /** Grace after a signature's expiry when none is set. */
    public static final Duration DEFAULT_TRACK_EXPIRED_EXTRA_DELAY = Duration.ofSeconds(25);

    /** {@code shared_poll.mode}. */
    public enum Mode {
        /** The backend sends no versions; the server detects changes by content and numbers them itself. */
        VERSIONLESS("versionless"),
        /** The backend versions every key; only a higher version is a change. */
        VERSIONED("versioned");

        private final String configName;

        Mode(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        /** The mode named {@code name} ({@code ""} is versionless), or null. */
        public static Mode fromConfig(String name) {
            if (name == null || name.isEmpty()) {
                return VERSIONLESS;
            }
            for (Mode m : values()) {
                if (m.configName.equals(name)) {
                    return m;
                }
            }
            return null;
        }
    }

    /** Whether the namespace is a shared-poll namespace. */
    public boolean configured() {
        return mode != null;
    }

    public Duration effectiveRefreshInterval() {
        return positive(refreshInterval) ? refreshInterval : DEFAULT_REFRESH_INTERVAL;
    }

    public int effectiveRefreshBatchSize() {
        return refreshBatchSize > 0 ? refreshBatchSize : DEFAULT_REFRESH_BATCH_SIZE;
    }

    public int effectiveMaxKeysPerConnection() {
        return maxKeysPerConnection > 0 ? maxKeysPerConnection : DEFAULT_MAX_KEYS_PER_CONNECTION;
    }

    /** The shutdown delay in effect: the default for zero, {@link Duration#ZERO} (at once) for negative. */
    public Duration effectiveChannelShutdownDelay() {
        if (channelShutdownDelay.isNegative()) {
            return Duration.ZERO;
        }
        return channelShutdownDelay.isZero() ? DEFAULT_CHANNEL_SHUTDOWN_DELAY : channelShutdownDelay;
    }

    public Duration effectiveTrackExpiredExtraDelay() {
        return positive(trackExpiredExtraDelay) ? trackExpiredExtraDelay : DEFAULT_TRACK_EXPIRED_EXTRA_DELAY;
    }

    private static boolean positive(Duration d) {
        return !d.isZero() && !d.isNegative();
    }
}
