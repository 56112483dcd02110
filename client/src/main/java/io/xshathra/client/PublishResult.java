package io.xshathra.client;

/**
 * Where a publication landed.
 *
 * @param channel the channel, as the request named it
 * @param offset  its position in the channel's history; 0 when the channel keeps no history
 * @param epoch   the history's epoch; empty when the channel keeps no history
 */
public record PublishResult(String channel, long offset, String epoch) {
}
