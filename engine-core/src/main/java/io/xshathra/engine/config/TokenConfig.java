package io.xshathra.engine.config;

import java.util.regex.Pattern;

/**
 * How JWTs are verified ({@code client.token.*}, or {@code client.subscription_token.*}).
 *
 * @param hmacSecretKey   HS256/384/512 secret (its UTF-8 bytes are the key); empty = HMAC off
 * @param hmacPreviousSecretKey previous secret still accepted during rotation; empty = none
 * @param hmacPreviousSecretKeyValidUntil unix seconds until which the previous secret is accepted (0 = no limit)
 * @param audience        exact {@code aud} required when non-empty
 * @param audienceRegex   {@code aud} must match when non-null
 * @param issuer          exact {@code iss} required when non-empty
 * @param issuerRegex     {@code iss} must match when non-null
 * @param userIdClaim     claim holding the user id ({@code sub} when empty)
 */
public record TokenConfig(
        String hmacSecretKey,
        String hmacPreviousSecretKey,
        long hmacPreviousSecretKeyValidUntil,
        String audience,
        Pattern audienceRegex,
        String issuer,
        Pattern issuerRegex,
        String userIdClaim) {

    public static TokenConfig hmac(String secret) {
        return new TokenConfig(secret, "", 0, "", null, "", null, "");
    }
}
