package io.xshathra.engine.token;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC over a JWS signing input with the JDK's {@link Mac}.
 *
 * <p>We do not use Nimbus's {@code MACSigner}/{@code MACVerifier} because they refuse keys shorter
 * than the hash output (RFC 7518 §3.2), while Centrifugo accepts any non-empty secret; refusing
 * would lock out deployments whose secret is short. Padding the key is no way out: it changes the
 * signature.
 */
final class Hmac {

    private static final ThreadLocal<Map<String, Mac>> MACS = ThreadLocal.withInitial(HashMap::new);

    private Hmac() {
    }

    /**
     * @param macAlgorithm JCA name, e.g. {@code HmacSHA256}
     * @param key          non-empty key bytes
     */
    static byte[] compute(String macAlgorithm, byte[] key, byte[] input) {
        try {
            Mac mac = mac(macAlgorithm);
            mac.init(new SecretKeySpec(key, macAlgorithm));
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            // Every Java SE runtime must provide HmacSHA256/384/512.
            throw new IllegalStateException("HMAC unavailable: " + macAlgorithm, e);
        }
    }

    /**
     * This thread's {@link Mac} for the algorithm. {@code Mac.getInstance} walks the security
     * providers on every call, which cost more than the HMAC of a token; a Mac is reset by
     * {@code doFinal} and re-keyed by {@code init}, so one per thread and algorithm serves all.
     */
    private static Mac mac(String macAlgorithm) throws GeneralSecurityException {
        Map<String, Mac> macs = MACS.get();
        Mac mac = macs.get(macAlgorithm);
        if (mac == null) {
            mac = Mac.getInstance(macAlgorithm);
            macs.put(macAlgorithm, mac);
        }
        return mac;
    }

    /** Constant-time check that {@code signature} is the HMAC of {@code input}. */
    static boolean verify(String macAlgorithm, byte[] key, byte[] input, byte[] signature) {
        return MessageDigest.isEqual(compute(macAlgorithm, key, input), signature);
    }
}
