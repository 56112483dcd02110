package io.xshathra.controlplane.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Project keys and how they are kept.
 *
 * <ul>
 *   <li>{@code server_api_key}: {@code xs_sk_} + 32 random bytes in base62 (43 characters). It is
 *       shown once and stored only as its SHA-256 hash: 256 random bits need no slow hash, since
 *       nobody can guess through that space. A short {@link #hint} is stored for display.</li>
 *   <li>{@code client_api_key}: {@code xs_pk_} + 24 random bytes in base62 (33 characters). It is
 *       a public identifier and stored in clear.</li>
 *   <li>Session tokens: 32 random bytes in base64url without padding, stored as their hash.</li>
 * </ul>
 *
 * Hashes are lower-case hex text so that the same column type works on SQLite and PostgreSQL.
 * Thread-safe.
 */
public final class ApiKeys {

    public static final String SERVER_PREFIX = "xs_sk_";
    public static final String CLIENT_PREFIX = "xs_pk_";
    static final int SERVER_BYTES = 32;
    static final int CLIENT_BYTES = 24;
    /** Characters of the key body kept in the hint. */
    static final int HINT_CHARS = 4;
    public static final int SERVER_KEY_LENGTH = SERVER_PREFIX.length() + Base62.length(SERVER_BYTES);
    public static final int CLIENT_KEY_LENGTH = CLIENT_PREFIX.length() + Base62.length(CLIENT_BYTES);

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A new secret server key. */
    public static String newServerKey() {
        return SERVER_PREFIX + Base62.encode(randomBytes(SERVER_BYTES));
    }

    /** A new public client key. */
    public static String newClientKey() {
        return CLIENT_PREFIX + Base62.encode(randomBytes(CLIENT_BYTES));
    }

    /** The prefix of a project's proxy signing secret. */
    public static final String PROXY_SECRET_PREFIX = "xs_ps_";

    /** A new secret for signing a project's backend calls. */
    public static String newProxySecret() {
        return PROXY_SECRET_PREFIX + Base62.encode(randomBytes(SERVER_BYTES));
    }

    /** The prefix of a webhook endpoint's signing secret. */
    public static final String WEBHOOK_SECRET_PREFIX = "whsec_";

    /** A new secret for signing a webhook endpoint's deliveries: 32 random bytes, 43 base62 characters. */
    public static String newWebhookSecret() {
        return WEBHOOK_SECRET_PREFIX + Base62.encode(randomBytes(SERVER_BYTES));
    }

    /** A new session token: 32 random bytes, base64url without padding. */
    public static String newSessionToken() {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    /** The display hint of a server key: the prefix and the first four characters after it. */
    public static String hint(String serverKey) {
        return serverKey.substring(0, SERVER_PREFIX.length() + HINT_CHARS);
    }

    /** True when the text has the shape of a server key (prefix, length, alphabet). */
    public static boolean looksLikeServerKey(String s) {
        return s != null && s.length() == SERVER_KEY_LENGTH && s.startsWith(SERVER_PREFIX)
                && Base62.isBase62(s.substring(SERVER_PREFIX.length()));
    }

    /** True when the text has the shape of a client key. */
    public static boolean looksLikeClientKey(String s) {
        return s != null && s.length() == CLIENT_KEY_LENGTH && s.startsWith(CLIENT_PREFIX)
                && Base62.isBase62(s.substring(CLIENT_PREFIX.length()));
    }

    /** SHA-256 of the UTF-8 text, as 64 lower-case hex characters. */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /**
     * Whether {@code secret} hashes to {@code storedHash}, compared with
     * {@link MessageDigest#isEqual}, whose time does not depend on where the inputs differ.
     */
    public static boolean matches(String secret, String storedHash) {
        if (secret == null || storedHash == null || storedHash.length() != 64) {
            return false;
        }
        byte[] stored;
        try {
            stored = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(secret), stored);
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
