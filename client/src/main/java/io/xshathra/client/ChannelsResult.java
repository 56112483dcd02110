package io.xshathra.client;

import java.util.Map;

/**
 * The project's active channels (those with at least one subscriber), named as the project
 * names them, each with its number of subscribed connections.
 */
public record ChannelsResult(Map<String, Integer> channels) {
    public ChannelsResult {
        channels = Map.copyOf(channels);
    }
}
