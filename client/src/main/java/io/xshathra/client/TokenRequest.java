package io.xshathra.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link XshathraClient#token} asks for: a connection token for one user.
 *
 * @param userId     required; becomes the token's {@code sub} (1–256 bytes, no control characters)
 * @param ttlSeconds lifetime, 30–3600; null for the server's default (900)
 * @param channels   server-side subscriptions of the connection; empty for none
 * @param info       connection info other clients see in presence and join/leave (serialised
 *                   as a JSON object); null for none
 */
public record TokenRequest(String userId, Integer ttlSeconds, List<String> channels, Map<String, ?> info) {
    public TokenRequest {
        Objects.requireNonNull(userId, "userId");
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    /** A token for the user with the server's default lifetime. */
    public static TokenRequest of(String userId) {
        return new TokenRequest(userId, null, List.of(), null);
    }

    public TokenRequest withTtlSeconds(int seconds) {
        return new TokenRequest(userId, seconds, channels, info);
    }

    public TokenRequest withChannels(List<String> serverSideChannels) {
        return new TokenRequest(userId, ttlSeconds, serverSideChannels, info);
    }

    public TokenRequest withInfo(Map<String, ?> connectionInfo) {
        return new TokenRequest(userId, ttlSeconds, channels, connectionInfo);
    }
}
