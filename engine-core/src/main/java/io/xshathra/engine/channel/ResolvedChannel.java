package io.xshathra.engine.channel;

import io.xshathra.engine.config.ChannelOptions;

/**
 * A channel name resolved against the namespaces.
 *
 * @param channel   the full channel name
 * @param namespace the namespace name ("" for channels without a namespace)
 * @param rest      the part after the namespace boundary (the whole name without a namespace)
 * @param options   the namespace's options
 * @param isPrivate whether the name starts with the private prefix
 */
public record ResolvedChannel(String channel, String namespace, String rest, ChannelOptions options,
                              boolean isPrivate) {
}
