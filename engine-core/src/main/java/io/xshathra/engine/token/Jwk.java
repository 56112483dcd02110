package io.xshathra.engine.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * One public signing key of a JSON Web Key Set (RFC 7517): RSA ({@code n}, {@code e}), EC on
 * P-256/384/521 ({@code crv}, {@code x}, {@code y}, checked to lie on the curve) or OKP Ed25519
 * ({@code x}).
 *
 * @param kid the key id tokens name in their header
 * @param alg the key's own {@code alg}, or "" when it does not restrict one
 * @param key the JDK public key
 */
record Jwk(String kid, String alg, PublicKey key) {

    private static final Set<String> RSA_ALGORITHMS = Set.of("RS256", "RS384", "RS512");
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo, followed by the 32 key bytes. */
    private static final byte[] ED25519_SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    /** Whether a token signed with {@code jwsAlgorithm} may be verified with this key. */
    boolean allows(String jwsAlgorithm) {
        if (!alg.isEmpty() && !alg.equals(jwsAlgorithm)) {
            return false;
        }
        if (key instanceof ECPublicKey ec) {
            return jwsAlgorithm.equals(EcCurves.jwsAlgorithm(ec));
        }
        if (key.getAlgorithm().equals("RSA")) {
            return RSA_ALGORITHMS.contains(jwsAlgorithm);
        }
        return jwsAlgorithm.equals("EdDSA");
    }

    /**
     * Parses one entry of {@code keys}.
     *
     * @return the key, or null when it is not a usable public signing key (other {@code use},
     *         unknown type or curve, missing {@code kid}, malformed numbers)
     */
    static Jwk parse(JsonNode n) {
        String kid = n.path("kid").asText("");
        String use = n.path("use").asText("");
        if (kid.isEmpty() || (!use.isEmpty() && !use.equals("sig"))) {
            return null;
        }
        try {
            PublicKey key = switch (n.path("kty").asText("")) {
                case "RSA" -> KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(unsigned(n, "n"), unsigned(n, "e")));
                case "EC" -> ec(n);
                case "OKP" -> ed25519(n);
                default -> null;
            };
            return key == null ? null : new Jwk(kid, n.path("alg").asText(""), key);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    private static PublicKey ec(JsonNode n) throws GeneralSecurityException {
        ECParameterSpec spec = EcCurves.params(n.path("crv").asText(""));
        if (spec == null) {
            return null;
        }
        ECPoint point = new ECPoint(unsigned(n, "x"), unsigned(n, "y"));
        if (!EcCurves.onCurve(point, spec)) {
            return null;
        }
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    }

    private static PublicKey ed25519(JsonNode n) throws GeneralSecurityException {
        if (!n.path("crv").asText("").equals("Ed25519")) {
            return null;
        }
        byte[] x = bytes(n, "x");
        if (x.length != 32) {
            return null;
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    private static BigInteger unsigned(JsonNode n, String field) {
        byte[] b = bytes(n, field);
        if (b.length == 0) {
            throw new IllegalArgumentException("empty " + field);
        }
        return new BigInteger(1, b);
    }

    private static byte[] bytes(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return Base64.getUrlDecoder().decode(v.textValue());
    }
}
