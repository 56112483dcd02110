package io.xshathra.engine.config;

import java.time.Duration;
import java.util.Map;

/**
 * Channel-wide settings and the namespaces ({@code channel.*} in the configuration file).
 *
 * @param withoutNamespace options of channels that have no namespace
 * @param namespaces       namespace name to options, in configuration order
 * @param historyMetaTtl   default retention of stream metadata (epoch and top offset)
 * @param maxLength        maximum channel name length in bytes
 * @param privatePrefix    prefix of private channels ({@code $})
 * @param namespaceBoundary separator between namespace and the rest ({@code :})
 * @param userBoundary     separator before the allowed users of a user-limited channel ({@code #})
 * @param userSeparator    separator between allowed users ({@code ,})
 * @param memoryStreamLimit most history streams the memory engine keeps; beyond it the least
 *                         recently used is dropped, as if its metadata had expired
 */
public record ChannelConfig(
        ChannelOptions withoutNamespace,
        Map<String, ChannelOptions> namespaces,
        Duration historyMetaTtl,
        int maxLength,
        String privatePrefix,
        String namespaceBoundary,
        String userBoundary,
        String userSeparator,
        int memoryStreamLimit) {

    public static final Duration DEFAULT_HISTORY_META_TTL = Duration.ofHours(720);
    /** Default of {@code channel.memory_stream_limit}. */
    public static final int DEFAULT_MEMORY_STREAM_LIMIT = 100_000;

    public ChannelConfig {
        namespaces = Map.copyOf(namespaces);
        if (memoryStreamLimit < 1) {
            throw new IllegalArgumentException("memoryStreamLimit must be at least 1");
        }
    }

    /** The settings with the default memory stream limit. */
    public ChannelConfig(ChannelOptions withoutNamespace, Map<String, ChannelOptions> namespaces,
                         Duration historyMetaTtl, int maxLength, String privatePrefix, String namespaceBoundary,
                         String userBoundary, String userSeparator) {
        this(withoutNamespace, namespaces, historyMetaTtl, maxLength, privatePrefix, namespaceBoundary, userBoundary,
                userSeparator, DEFAULT_MEMORY_STREAM_LIMIT);
    }

    /** Centrifugo's defaults: no namespaces, nothing allowed. */
    public static ChannelConfig defaults() {
        return new ChannelConfig(ChannelOptions.builder().build(), Map.of(), DEFAULT_HISTORY_META_TTL,
                255, "$", ":", "#", ",");
    }

    public ChannelConfig withNamespaces(ChannelOptions withoutNamespace, Map<String, ChannelOptions> namespaces) {
        return new ChannelConfig(withoutNamespace, namespaces, historyMetaTtl, maxLength, privatePrefix,
                namespaceBoundary, userBoundary, userSeparator, memoryStreamLimit);
    }
}
