package io.xshathra.controlplane.console;

import io.xshathra.engine.config.ClientConfig;
import io.xshathra.engine.config.TokenConfig;
import io.xshathra.engine.token.HmacTokenSigner;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Short-lived tokens for the debug page's own subscriber: a connection token and a subscription
 * token for the user {@code console:<accountId>} in one project, signed with the engine's
 * secrets, so that the page is a client like any other. {@code aud}, {@code iss} and a custom
 * user-id claim are added when the engine requires them. Thread-safe.
 */
final class ConsoleTokens {

    /** How long the tokens live; the page refreshes them before they expire. */
    static final Duration TTL = Duration.ofMinutes(5);

    /**
     * A pair of tokens.
     *
     * @param user              the user id both carry
     * @param connectionToken   for the {@code connect} command
     * @param subscriptionToken for {@code subscribe} to {@code channel}
     */
    record Pair(String user, String connectionToken, String subscriptionToken) {
        @Override
        public String toString() {
            return "Pair[user=" + user + ", tokens=(hidden)]";
        }
    }

    private final HmacTokenSigner connection;
    private final HmacTokenSigner subscription;
    private final TokenConfig connectionConfig;
    private final TokenConfig subscriptionConfig;
    private final Clock clock;

    /** Null when no connection secret is configured: the subscriber is then unavailable. */
    static ConsoleTokens create(String tokenSecret, ClientConfig client, Clock clock) {
        if (tokenSecret == null || tokenSecret.isEmpty()) {
            return null;
        }
        String subSecret = client.subscriptionToken().hmacSecretKey();
        return new ConsoleTokens(new HmacTokenSigner(tokenSecret),
                new HmacTokenSigner(subSecret == null || subSecret.isEmpty() ? tokenSecret : subSecret),
                client.token(), client.subscriptionToken(), clock);
    }

    private ConsoleTokens(HmacTokenSigner connection, HmacTokenSigner subscription, TokenConfig connectionConfig,
                          TokenConfig subscriptionConfig, Clock clock) {
        this.connection = connection;
        this.subscription = subscription;
        this.connectionConfig = connectionConfig;
        this.subscriptionConfig = subscriptionConfig;
        this.clock = clock;
    }

    /** The user id the console's subscriber connects as. */
    static String user(String accountId) {
        return "console:" + accountId;
    }

    Pair mint(String accountId, String projectId, String channel) {
        String user = user(accountId);
        Map<String, Object> conn = claims(connectionConfig, user, projectId);
        Map<String, Object> sub = claims(subscriptionConfig, user, projectId);
        sub.put("channel", channel);
        return new Pair(user, connection.sign(conn), subscription.sign(sub));
    }

    private Map<String, Object> claims(TokenConfig cfg, String user, String projectId) {
        long now = clock.millis() / 1000;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("sub", user);
        if (cfg.userIdClaim() != null && !cfg.userIdClaim().isEmpty()) {
            c.put(cfg.userIdClaim(), user);
        }
        c.put("projectId", projectId);
        c.put("iat", now);
        c.put("exp", now + TTL.toSeconds());
        if (cfg.audience() != null && !cfg.audience().isEmpty()) {
            c.put("aud", cfg.audience());
        }
        if (cfg.issuer() != null && !cfg.issuer().isEmpty()) {
            c.put("iss", cfg.issuer());
        }
        return c;
    }
}
