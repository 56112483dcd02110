package io.xshathra.engine.config;

import java.time.Duration;

/**
 * {@code map_broker}: where map subscription state lives, the memory broker's bounds and the
 * Redis broker's tuning ({@code map_broker.redis.*}).
 *
 * @param type                {@code memory} (the default) or {@code redis}
 * @param channelLimit        most map channels the memory broker holds (more: the least recently used is dropped)
 * @param keysPerChannel      most keys one map channel holds in memory (more: the write is refused)
 * @param cleanupInterval     how often the Redis broker's expiry worker runs; negative: it never runs
 * @param cleanupBatchSize    most expired keys of one channel the Redis worker removes per script run
 * @param idempotentResultTtl how long the Redis broker remembers the result of an idempotent write
 * @param skipPubSub          the Redis broker stores changes but publishes none and subscribes to nothing
 */
public record MapBrokerConfig(String type, int channelLimit, int keysPerChannel, Duration cleanupInterval,
                              int cleanupBatchSize, Duration idempotentResultTtl, boolean skipPubSub) {
    public static final int DEFAULT_CHANNEL_LIMIT = 100_000;
    public static final int DEFAULT_KEYS_PER_CHANNEL = 100_000;
    public static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_CLEANUP_BATCH_SIZE = 100;
    public static final Duration DEFAULT_IDEMPOTENT_RESULT_TTL = Duration.ofMinutes(5);
    public static final MapBrokerConfig NONE = new MapBrokerConfig("memory", DEFAULT_CHANNEL_LIMIT,
            DEFAULT_KEYS_PER_CHANNEL);

    /** The given bounds with the Redis broker's default tuning. */
    public MapBrokerConfig(String type, int channelLimit, int keysPerChannel) {
        this(type, channelLimit, keysPerChannel, DEFAULT_CLEANUP_INTERVAL, DEFAULT_CLEANUP_BATCH_SIZE,
                DEFAULT_IDEMPOTENT_RESULT_TTL, false);
    }
}
