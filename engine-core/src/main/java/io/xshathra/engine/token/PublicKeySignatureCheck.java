package io.xshathra.engine.token;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Map;

/**
 * RS256/384/512, ES256/384/512 and EdDSA with one public key, verified by the JDK. ECDSA JWS
 * signatures are the raw {@code R || S} concatenation (RFC 7518 §3.4), which the JDK's
 * {@code …inP1363Format} algorithms take as they are; a signature of the wrong length is refused
 * by them.
 */
final class PublicKeySignatureCheck implements SignatureCheck {

    /** JWS algorithm → JCA signature algorithm. */
    static final Map<String, String> JCA_NAMES = Map.of(
            "RS256", "SHA256withRSA",
            "RS384", "SHA384withRSA",
            "RS512", "SHA512withRSA",
            "ES256", "SHA256withECDSAinP1363Format",
            "ES384", "SHA384withECDSAinP1363Format",
            "ES512", "SHA512withECDSAinP1363Format",
            "EdDSA", "Ed25519");

    private final String jcaName;
    private final PublicKey key;

    /**
     * @param jwsAlgorithm a key of {@link #JCA_NAMES}
     * @param key          a key of the matching type
     */
    PublicKeySignatureCheck(String jwsAlgorithm, PublicKey key) {
        this.jcaName = JCA_NAMES.get(jwsAlgorithm);
        if (jcaName == null) {
            throw new IllegalArgumentException("unsupported algorithm " + jwsAlgorithm);
        }
        this.key = key;
    }

    @Override
    public boolean verify(CompactJws jws, java.time.Instant now) {
        return verify(jcaName, key, jws.signingInput(), jws.signature());
    }

    static boolean verify(String jcaName, PublicKey key, byte[] signingInput, byte[] signature) {
        try {
            Signature s = Signature.getInstance(jcaName);
            s.initVerify(key);
            s.update(signingInput);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A malformed signature or a key the algorithm refuses: not valid, never a crash.
            return false;
        }
    }
}
