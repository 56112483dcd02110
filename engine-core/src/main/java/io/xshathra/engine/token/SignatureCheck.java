package io.xshathra.engine.token;

import java.time.Instant;

/**
 * Verifies the signature of a token for the algorithms one kind of configured key serves.
 * {@link TokenVerifier} picks the check by the header's {@code alg}; an algorithm without a check
 * is refused. HMAC is {@link HmacSignatureCheck}; RSA, ECDSA and EdDSA (static keys and JWKS keys)
 * are {@link PublicKeySignatureCheck}, verified with {@code java.security}.
 *
 * <p>Implementations are immutable and thread-safe, and never throw for a bad token.
 */
interface SignatureCheck {

    /**
     * @param jws the parsed, unverified token
     * @param now the verification instant (for time-limited keys)
     * @return whether the signature is valid
     */
    boolean verify(CompactJws jws, Instant now);
}
