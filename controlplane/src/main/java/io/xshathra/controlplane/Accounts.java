package io.xshathra.controlplane;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Console accounts: email and password. Emails are trimmed and lower-cased before they are
 * stored or looked up; passwords are kept only as Argon2id hashes. Database work runs on the
 * storage executor and password hashing on its own bounded pool; stages complete on either
 * (hop back to your own thread before touching thread-confined state). Refusals fail the stage
 * with {@link ControlPlaneException} ({@code BUSY} with a retry-after when the hashing pool is
 * full), database trouble with {@link StorageException}.
 *
 * <p><b>First run.</b> A new deployment has no account, and nobody on the network may make
 * himself its administrator: the first account comes from the operator, either through
 * {@link #createUser} (the CLI) or through {@link #setUp} with the one-time token that
 * {@link #openSetup} made when the server started.
 */
public interface Accounts {

    /** The shortest password accepted. */
    int MIN_PASSWORD_LENGTH = 10;
    /** The longest password accepted (hashing cost grows with the input). */
    int MAX_PASSWORD_LENGTH = 1024;

    /**
     * Creates an account regardless of the sign-up setting (operators and administrators use
     * this). The first account ever created on the deployment is an administrator; this is
     * decided atomically, so two concurrent first sign-ups cannot both become one.
     * Fails with {@code INVALID_EMAIL}, {@code WEAK_PASSWORD} or {@code EMAIL_TAKEN}.
     */
    CompletionStage<Account> createUser(String email, String password);

    /**
     * Public sign-up: like {@link #createUser}, but fails with {@code SIGNUP_CLOSED} unless open
     * sign-up is on and the deployment already has its administrator (the first account never
     * comes from here). The refusal is decided before the password is hashed.
     */
    CompletionStage<Account> signUp(String email, String password);

    /**
     * First-run setup: creates the first account, the administrator, when {@code setupToken}
     * matches a token made by {@link #openSetup} on any node and no account exists yet; the
     * tokens are deleted in the same transaction. Fails with {@code SETUP_REFUSED} (before any
     * hashing) when the token is wrong or the deployment is already set up, and with
     * {@code INVALID_EMAIL}, {@code WEAK_PASSWORD} like {@link #createUser}.
     */
    CompletionStage<Account> setUp(String setupToken, String email, String password);

    /**
     * While no account exists: makes a new one-time setup token, stores its hash (beside the
     * tokens of other nodes, which stay valid) and returns it, to be shown to the operator
     * once. When an account exists: removes any leftover token and returns empty.
     */
    CompletionStage<Optional<String>> openSetup();

    /** {@link #authenticate(String, String, String)} from an unrecognised browser. */
    default CompletionStage<Optional<Account>> authenticate(String email, String password) {
        return authenticate(email, password, null);
    }

    /**
     * The account when the password is right; empty when the email is unknown or the password
     * wrong (both cost one hash: an unknown email is checked against a decoy hash), and at
     * once, unhashed, when the password is longer than any accepted one. Failures are counted
     * per existing account with growing delays ({@code AccountThrottle}); while a delay runs
     * the stage fails with {@code TOO_MANY_ATTEMPTS} and a retry-after, without hashing.
     *
     * @param recognisedAccountId the account a signed known-browser cookie names, or null: that
     *                            account's own browser is not delayed by failures made elsewhere
     */
    CompletionStage<Optional<Account>> authenticate(String email, String password, String recognisedAccountId);

    /**
     * A random 256-bit key of this deployment, made on first use and the same on every node
     * sharing the database: it signs the console's known-browser cookies.
     */
    CompletionStage<byte[]> browserKey();

    /** Replaces the password; fails with {@code WEAK_PASSWORD} or {@code NOT_FOUND}. */
    CompletionStage<Void> changePassword(String accountId, String newPassword);

    /** The number of accounts. */
    CompletionStage<Long> count();

    CompletionStage<Optional<Account>> findById(String accountId);

    /** By email, normalised the same way as on creation. */
    CompletionStage<Optional<Account>> findByEmail(String email);

    /** Every account, oldest first. */
    CompletionStage<List<Account>> list();

    /** Whether people may create accounts for themselves once the first account exists (default false). */
    CompletionStage<Boolean> isOpenSignup();

    CompletionStage<Void> setOpenSignup(boolean open);
}
