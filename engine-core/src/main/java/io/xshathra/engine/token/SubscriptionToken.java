package io.xshathra.engine.token;

import java.util.Arrays;
import java.util.Objects;

/**
 * A verified subscription token (spec §5.3). Matching it against the connection (user, client id)
 * and the requested channel is the caller's job.
 *
 * <p>Byte arrays are owned by this value: callers must not modify them.
 *
 * @param userId    user id ({@code sub}, or the configured user id claim); {@code ""} = anonymous
 * @param channel   the channel the token grants, never empty
 * @param client    deprecated {@code client} claim (connection id), {@code ""} when absent
 * @param expireAt  subscription expiry in unix seconds, 0 = never; same rule as
 *                  {@link ConnectToken#expireAt()}
 * @param info      channel info: decoded {@code b64info}, else compact JSON of {@code info}, or null
 * @param data      subscribe result data: decoded {@code b64data}, else compact JSON of
 *                  {@code data}, or null
 * @param override  option overrides, {@code null} when absent
 * @param projectId Xshathra project of the token ({@code projectId} claim), {@code ""} when absent
 */
public record SubscriptionToken(
        String userId,
        String channel,
        String client,
        long expireAt,
        byte[] info,
        byte[] data,
        SubscribeOptionOverride override,
        String projectId) {

    public SubscriptionToken {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(projectId, "projectId");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubscriptionToken other
                && userId.equals(other.userId)
                && channel.equals(other.channel)
                && client.equals(other.client)
                && expireAt == other.expireAt
                && Arrays.equals(info, other.info)
                && Arrays.equals(data, other.data)
                && Objects.equals(override, other.override)
                && projectId.equals(other.projectId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, channel, client, expireAt, Arrays.hashCode(info),
                Arrays.hashCode(data), override, projectId);
    }

    @Override
    public String toString() {
        return "SubscriptionToken[userId=" + userId + ", channel=" + channel + ", client=" + client
                + ", expireAt=" + expireAt + ", info=" + Sizes.of(info) + ", data=" + Sizes.of(data)
                + ", override=" + override + ", projectId=" + projectId + "]";
    }
}
