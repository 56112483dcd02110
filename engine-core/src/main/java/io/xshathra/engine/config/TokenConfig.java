package io.xshathra.engine.config;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * How JWTs are verified ({@code client.token.*}, or {@code client.subscription_token.*}).
 *
 * <p>Several key kinds may be configured at once; the token header's {@code alg} picks one. A
 * JWKS endpoint replaces the static keys (HMAC, RSA and ECDSA) as in the reference: every token
 * is then verified with the endpoint's key named by the header's {@code kid}.
 *
 * @param hmacSecretKey   HS256/384/512 secret (its UTF-8 bytes are the key); empty = HMAC off
 * @param hmacPreviousSecretKey previous secret still accepted during rotation; empty = none
 * @param hmacPreviousSecretKeyValidUntil unix seconds until which the previous secret is accepted (0 = no limit)
 * @param audience        exact {@code aud} required when non-empty
 * @param audienceRegex   {@code aud} must match when non-null
 * @param issuer          exact {@code iss} required when non-empty
 * @param issuerRegex     {@code iss} must match when non-null
 * @param userIdClaim     claim holding the user id ({@code sub} when empty)
 * @param rsaPublicKey    PEM public key (or certificate) enabling RS256/384/512; empty = off
 * @param ecdsaPublicKey  PEM public key (or certificate) on P-256, P-384 or P-521 enabling the
 *                        matching ES256/384/512; empty = off
 * @param jwksPublicEndpoint http(s) URL of a JSON Web Key Set; empty = off
 */
public record TokenConfig(
        String hmacSecretKey,
        String hmacPreviousSecretKey,
        long hmacPreviousSecretKeyValidUntil,
        String audience,
        Pattern audienceRegex,
        String issuer,
        Pattern issuerRegex,
        String userIdClaim,
        String rsaPublicKey,
        String ecdsaPublicKey,
        String jwksPublicEndpoint) {

    /** Without public keys or JWKS. */
    public TokenConfig(String hmacSecretKey, String hmacPreviousSecretKey, long hmacPreviousSecretKeyValidUntil,
                       String audience, Pattern audienceRegex, String issuer, Pattern issuerRegex,
                       String userIdClaim) {
        this(hmacSecretKey, hmacPreviousSecretKey, hmacPreviousSecretKeyValidUntil, audience, audienceRegex,
                issuer, issuerRegex, userIdClaim, "", "", "");
    }

    public static TokenConfig hmac(String secret) {
        return new TokenConfig(secret, "", 0, "", null, "", null, "");
    }

    /** Whether any key material is configured (HMAC secret, public key or JWKS endpoint). */
    public boolean hasKeys() {
        return !empty(hmacSecretKey) || !empty(rsaPublicKey) || !empty(ecdsaPublicKey)
                || !empty(jwksPublicEndpoint);
    }

    /** The same rules with other key material. */
    public TokenConfig withPublicKeys(String rsaPem, String ecdsaPem, String jwksUrl) {
        return new TokenConfig(hmacSecretKey, hmacPreviousSecretKey, hmacPreviousSecretKeyValidUntil, audience,
                audienceRegex, issuer, issuerRegex, userIdClaim, rsaPem, ecdsaPem, jwksUrl);
    }

    /*
     * Equality is written out (same meaning as a record's: component by component, patterns by
     * identity): the generated one is assembled from method handles at its first call, which
     * spins a score of classes at every server start, where the subscription token settings are
     * compared with the connection token settings.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof TokenConfig t && Arrays.equals(components(), t.components());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(components());
    }

    private Object[] components() {
        return new Object[] {hmacSecretKey, hmacPreviousSecretKey, hmacPreviousSecretKeyValidUntil, audience,
                audienceRegex, issuer, issuerRegex, userIdClaim, rsaPublicKey, ecdsaPublicKey, jwksPublicEndpoint};
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }
}
