package io.xshathra.engine.config;

/**
 * {@code map_broker}: where map subscription state lives, and the memory broker's bounds.
 *
 * @param type           {@code memory} (the default) or {@code redis}
 * @param channelLimit   most map channels the memory broker holds (more: the least recently used is dropped)
 * @param keysPerChannel most keys one map channel holds in memory (more: the write is refused)
 */
public record MapBrokerConfig(String type, int channelLimit, int keysPerChannel) {
    public static final int DEFAULT_CHANNEL_LIMIT = 100_000;
    public static final int DEFAULT_KEYS_PER_CHANNEL = 100_000;
    public static final MapBrokerConfig NONE = new MapBrokerConfig("memory", DEFAULT_CHANNEL_LIMIT,
            DEFAULT_KEYS_PER_CHANNEL);
}
