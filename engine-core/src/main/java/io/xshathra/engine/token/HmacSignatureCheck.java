package io.xshathra.engine.token;

import java.time.Instant;

/**
 * HS256/HS384/HS512 with the configured secret, then, during key rotation, with the previous
 * secret until its deadline ({@code hmac_previous_secret_key[_valid_until]}).
 */
final class HmacSignatureCheck implements SignatureCheck {

    private final String macAlgorithm;
    private final byte[] key;
    private final byte[] previousKey;
    private final Instant previousValidUntil;

    /**
     * @param macAlgorithm       JCA name, e.g. {@code HmacSHA256}
     * @param key                current secret, non-empty
     * @param previousKey        previous secret, or {@code null} for none
     * @param previousValidUntil instant from which the previous secret is refused, or
     *                           {@code null} for no limit
     */
    HmacSignatureCheck(String macAlgorithm, byte[] key, byte[] previousKey, Instant previousValidUntil) {
        this.macAlgorithm = macAlgorithm;
        this.key = key.clone();
        this.previousKey = previousKey == null ? null : previousKey.clone();
        this.previousValidUntil = previousValidUntil;
    }

    @Override
    public boolean verify(CompactJws jws, Instant now) {
        if (Hmac.verify(macAlgorithm, key, jws.signingInput(), jws.signature())) {
            return true;
        }
        return previousKey != null
                && (previousValidUntil == null || now.isBefore(previousValidUntil))
                && Hmac.verify(macAlgorithm, previousKey, jws.signingInput(), jws.signature());
    }
}
