package io.xshathra.server.config;

import java.security.SecureRandom;
import java.util.Base64;

/** Strong random secrets for HMAC keys and API keys: 256 bits, URL-safe Base64 without padding. */
public final class RandomSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomSecrets() {
    }

    /** A fresh 43-character secret. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
