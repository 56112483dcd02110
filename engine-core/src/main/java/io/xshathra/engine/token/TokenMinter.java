package io.xshathra.engine.token;

import com.fasterxml.jackson.databind.JsonNode;
import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.config.ClientConfig;
import io.xshathra.engine.config.TokenConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one place this server mints connection and subscription tokens for its own clients (the
 * control plane's token API and the console's debug subscriber). A minted token is built from
 * the same {@link TokenConfig}s the engine verifies with, so it carries the user in the
 * configured user-id claim, the configured {@code aud} and {@code iss}, the project, and is
 * signed HS256 with the current secret of its kind ({@code client.subscription_token} when that
 * is enabled).
 *
 * <p>When the engine's settings leave no way to mint a token the engine would accept (no HMAC
 * secret, a JWKS endpoint, a regex-only audience or issuer, ...) the minter is unavailable:
 * {@link #unavailableReason()} says why in terms of configuration keys, and the mint methods
 * throw {@link CannotSign}. Before declaring itself available it verifies a probe token of each
 * kind with a real {@link TokenVerifier} built from the same settings, so a setting this class
 * does not know about can not make it hand out tokens that are refused.
 *
 * <p>Immutable and thread-safe. Never logs or returns key material.
 */
public final class TokenMinter {

    /** Thrown when tokens can not be minted with this configuration; the message names the keys. */
    public static final class CannotSign extends RuntimeException {
        CannotSign(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * What a connection token says.
     *
     * @param userId    the user ({@code ""} = anonymous)
     * @param projectId the project whose channel space the connection uses ({@code ""} = default)
     * @param ttl       lifetime, positive; null for a token without {@code exp} (development tools only)
     * @param channels  server-side subscriptions; each must pass {@link ChannelRules#validate}
     * @param info      connection info (a JSON object), or null
     */
    public record ConnectionClaims(String userId, String projectId, Duration ttl, List<String> channels,
                                   JsonNode info) {
        public ConnectionClaims {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(projectId, "projectId");
            channels = List.copyOf(channels);
        }
    }

    /**
     * What a subscription token says.
     *
     * @param userId    the user it is valid for (must equal the connection's)
     * @param projectId the project it is valid in (must equal the connection's)
     * @param channel   the channel; must pass {@link ChannelRules#validate}
     * @param ttl       lifetime, positive
     * @param info      channel info (a JSON object), or null
     */
    public record SubscriptionClaims(String userId, String projectId, String channel, Duration ttl, JsonNode info) {
        public SubscriptionClaims {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(projectId, "projectId");
            Objects.requireNonNull(channel, "channel");
        }
    }

    private final MintingKey connection;
    private final MintingKey subscription;
    /** The channel rules of a project ("" = the default space). */
    private final java.util.function.Function<String, ChannelRules> rules;
    private final Clock clock;

    /**
     * @param client the engine's client settings ({@code client.token} and
     *               {@code client.subscription_token})
     * @param rules  the engine's channel rules; minted channels must pass them
     */
    public TokenMinter(ClientConfig client, ChannelRules rules, Clock clock) {
        this(client, always(Objects.requireNonNull(rules, "rules")), clock);
    }

    /**
     * @param client the engine's client settings
     * @param rules  the channel rules of a project ("" = the default space): a token minted for a
     *               project names only channels of that project's namespaces
     */
    public TokenMinter(ClientConfig client, java.util.function.Function<String, ChannelRules> rules, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.connection = new MintingKey(client.token(), "client.token", clock);
        this.subscription = client.subscriptionToken().equals(client.token()) ? connection
                : new MintingKey(client.subscriptionToken(), "client.subscription_token", clock);
    }

    /** Whether both kinds of token can be minted. */
    public boolean available() {
        return connection.available() && subscription.available();
    }

    /** Why tokens can not be minted, naming configuration keys; null when {@link #available()}. */
    public String unavailableReason() {
        return connection.available() ? subscription.reason() : connection.reason();
    }

    /**
     * A connection token.
     *
     * @throws CannotSign               when the engine's settings allow no token this server can sign
     * @throws IllegalArgumentException when a channel is not valid (the message names
     *                                  {@code channels[i]}) or the ttl is not positive
     */
    public String connectionToken(ConnectionClaims c) {
        for (int i = 0; i < c.channels().size(); i++) {
            requireValid(c.projectId(), "channels[" + i + "]", c.channels().get(i));
        }
        Map<String, Object> claims = connection.baseClaims(c.userId(), c.projectId(), c.ttl(), clock);
        if (!c.channels().isEmpty()) {
            claims.put("channels", c.channels());
        }
        if (c.info() != null) {
            claims.put("info", c.info());
        }
        return connection.sign(claims);
    }

    /**
     * A subscription token.
     *
     * @throws CannotSign               when the engine's settings allow no token this server can sign
     * @throws IllegalArgumentException when the channel is not valid (the message names
     *                                  {@code channel}) or the ttl is not positive
     */
    public String subscriptionToken(SubscriptionClaims c) {
        requireValid(c.projectId(), "channel", c.channel());
        Map<String, Object> claims = subscription.baseClaims(c.userId(), c.projectId(),
                Objects.requireNonNull(c.ttl(), "ttl"), clock);
        claims.put("channel", c.channel());
        if (c.info() != null) {
            claims.put("info", c.info());
        }
        return subscription.sign(claims);
    }

    private static java.util.function.Function<String, ChannelRules> always(ChannelRules rules) {
        return projectId -> rules;
    }

    private void requireValid(String projectId, String field, String channel) {
        ChannelRules.Verdict verdict = rules.apply(projectId).validate(channel);
        if (verdict != ChannelRules.Verdict.VALID) {
            throw new IllegalArgumentException(field + ": not a channel this engine accepts ("
                    + verdict.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")");
        }
    }

    @Override
    public String toString() {
        return "TokenMinter[available=" + available() + "]";
    }

    /** Base claims shared by both kinds; the order is stable so tokens are reproducible in tests. */
    static Map<String, Object> claims(TokenConfig cfg, String userId, String projectId, long iat, Long exp) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", userId);
        String userIdClaim = MintingKey.orEmpty(cfg.userIdClaim());
        if (!userIdClaim.isEmpty()) {
            claims.put(userIdClaim, userId);
        }
        claims.put("iat", iat);
        if (exp != null) {
            claims.put("exp", exp);
        }
        if (!MintingKey.orEmpty(cfg.audience()).isEmpty()) {
            claims.put("aud", cfg.audience());
        }
        if (!MintingKey.orEmpty(cfg.issuer()).isEmpty()) {
            claims.put("iss", cfg.issuer());
        }
        if (!projectId.isEmpty()) {
            claims.put("projectId", projectId);
        }
        return claims;
    }
}
