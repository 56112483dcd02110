package io.xshathra.controlplane;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Console accounts: email and password. Emails are trimmed and lower-cased before they are
 * stored or looked up; passwords are kept only as Argon2id hashes. Every stage runs on the
 * storage executor and completes there (hop back to your own thread before touching
 * thread-confined state). Refusals fail the stage with {@link ControlPlaneException}, database
 * trouble with {@link StorageException}.
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
     * Public sign-up: like {@link #createUser}, but fails with {@code SIGNUP_CLOSED} unless the
     * deployment has no account yet or open sign-up is on.
     */
    CompletionStage<Account> signUp(String email, String password);

    /**
     * The account when the password is right; empty when the email is unknown or the password
     * wrong (both take the same time: an unknown email is checked against a decoy hash).
     * Failed attempts are counted per email; past the limit the stage fails with
     * {@code TOO_MANY_ATTEMPTS} and a retry-after, without checking the password.
     */
    CompletionStage<Optional<Account>> authenticate(String email, String password);

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
