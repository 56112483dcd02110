package io.xshathra.controlplane;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Console sign-in sessions. A session expires after {@link #idleTimeout()} without use and in
 * any case {@link #maxLifetime()} after it was created; {@link #validate} extends the idle
 * deadline (writing at most once a minute per session). Tokens are stored as SHA-256 hashes, so
 * a copy of the database does not hold usable cookies. Stages run on the storage executor.
 */
public interface Sessions {

    /** Starts a session for the account; fails with {@code NOT_FOUND} for an unknown account. */
    CompletionStage<IssuedSession> create(String accountId);

    /** The signed-in account, or empty for an unknown, revoked or expired token. */
    CompletionStage<Optional<Account>> validate(String token);

    /** Ends the session (sign-out); true when there was one. */
    CompletionStage<Boolean> revoke(String token);

    /** Ends every session of the account (after a password change); the number ended. */
    CompletionStage<Integer> revokeAll(String accountId);

    /** Deletes expired sessions; the number deleted. Run it now and then. */
    CompletionStage<Integer> deleteExpired();

    Duration idleTimeout();

    Duration maxLifetime();
}
