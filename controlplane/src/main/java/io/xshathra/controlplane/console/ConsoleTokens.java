package io.xshathra.controlplane.console;

import io.xshathra.engine.token.TokenMinter;
import java.time.Duration;
import java.util.List;

/**
 * Short-lived tokens for the debug page's own subscriber: a connection token and a subscription
 * token for the user {@code console:<accountId>} in one project, minted by the engine's
 * {@link TokenMinter} exactly as the token API mints them, so that the page is a client like
 * any other. Thread-safe.
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

    private final TokenMinter minter;

    ConsoleTokens(TokenMinter minter) {
        this.minter = minter;
    }

    /** Whether tokens can be minted; when not, {@link #unavailableReason()} says why. */
    boolean available() {
        return minter.available();
    }

    String unavailableReason() {
        return minter.unavailableReason();
    }

    /** The user id the console's subscriber connects as. */
    static String user(String accountId) {
        return "console:" + accountId;
    }

    /**
     * @throws TokenMinter.CannotSign   when {@link #available()} is false
     * @throws IllegalArgumentException when the engine would refuse the channel
     */
    Pair mint(String accountId, String projectId, String channel) {
        String user = user(accountId);
        return new Pair(user,
                minter.connectionToken(new TokenMinter.ConnectionClaims(user, projectId, TTL, List.of(), null)),
                minter.subscriptionToken(new TokenMinter.SubscriptionClaims(user, projectId, channel, TTL, null)));
    }
}
