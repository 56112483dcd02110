package io.xshathra.client;

import java.util.Map;
import java.util.Objects;

/**
 * What {@link XshathraClient#subscriptionToken} asks for: a token that lets one user subscribe
 * to one channel (private {@code $} channels, namespaces without client subscribe permission).
 *
 * @param userId     required; must be the user of the connection that will subscribe
 * @param channel    required; its namespace must exist on the server
 * @param ttlSeconds lifetime, 30–3600; null for the server's default (900)
 * @param info       channel info of the subscription (a JSON object); null for none
 */
public record SubscriptionTokenRequest(String userId, String channel, Integer ttlSeconds, Map<String, ?> info) {
    public SubscriptionTokenRequest {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(channel, "channel");
    }

    public static SubscriptionTokenRequest of(String userId, String channel) {
        return new SubscriptionTokenRequest(userId, channel, null, null);
    }

    public SubscriptionTokenRequest withTtlSeconds(int seconds) {
        return new SubscriptionTokenRequest(userId, channel, seconds, info);
    }

    public SubscriptionTokenRequest withInfo(Map<String, ?> channelInfo) {
        return new SubscriptionTokenRequest(userId, channel, ttlSeconds, channelInfo);
    }
}
