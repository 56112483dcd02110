package io.xshathra.controlplane.security;

/**
 * One-time first-run setup tokens: {@code xs_setup_} followed by 32 random bytes in base62
 * (256 bits, far beyond guessing even without the sign-in throttle). Only the SHA-256 hash is
 * stored ({@link ApiKeys#hash}), and a presented token is compared against each stored hash
 * with {@link ApiKeys#matches}, in constant time.
 */
public final class SetupTokens {

    public static final String PREFIX = "xs_setup_";
    private static final int BYTES = 32;
    /** More than any token we make: longer input is refused before hashing. */
    public static final int MAX_LENGTH = 128;

    private SetupTokens() {
    }

    /** A new random setup token. */
    public static String generate() {
        return PREFIX + Base62.encode(ApiKeys.randomBytes(BYTES));
    }
}
