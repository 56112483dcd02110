package io.xshathra.engine.token;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Key pairs, PEM/JWK renderings and JWS signing for tests, done with the JDK directly and
 * independently of the code under test.
 */
final class TestKeys {

    private TestKeys() {
    }

    static KeyPair rsa() {
        return generate("RSA", null);
    }

    /** @param curve {@code secp256r1}, {@code secp384r1} or {@code secp521r1} */
    static KeyPair ec(String curve) {
        return generate("EC", curve);
    }

    static KeyPair ed25519() {
        return generate("Ed25519", null);
    }

    private static KeyPair generate(String alg, String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
            if (curve != null) {
                g.initialize(new ECGenParameterSpec(curve));
            } else if (alg.equals("RSA")) {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** The PKCS#1 {@code RSA PUBLIC KEY} form. */
    static String pkcs1Pem(RSAPublicKey key) {
        byte[] n = derInteger(key.getModulus());
        byte[] e = derInteger(key.getPublicExponent());
        byte[] body = concat(n, e);
        byte[] seq = concat(derHeader(0x30, body.length), body);
        return "-----BEGIN RSA PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(seq)
                + "\n-----END RSA PUBLIC KEY-----\n";
    }

    /** A JWS over {@code payloadJson} with header {@code {"alg":alg[,"kid":kid]}}. */
    static String sign(String alg, String kid, PrivateKey key, String payloadJson) {
        String header = "{\"alg\":\"" + alg + "\"" + (kid == null ? "" : ",\"kid\":\"" + kid + "\"") + ",\"typ\":\"JWT\"}";
        String input = TestJwt.b64(header) + "." + TestJwt.b64(payloadJson);
        return input + "." + TestJwt.b64(rawSignature(alg, key, input.getBytes(StandardCharsets.US_ASCII)));
    }

    static byte[] rawSignature(String alg, PrivateKey key, byte[] input) {
        String jca = switch (alg) {
            case "RS256" -> "SHA256withRSA";
            case "RS384" -> "SHA384withRSA";
            case "RS512" -> "SHA512withRSA";
            case "ES256" -> "SHA256withECDSAinP1363Format";
            case "ES384" -> "SHA384withECDSAinP1363Format";
            case "ES512" -> "SHA512withECDSAinP1363Format";
            case "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException(alg);
        };
        return signWith(jca, key, input);
    }

    static byte[] signWith(String jca, PrivateKey key, byte[] input) {
        try {
            Signature s = Signature.getInstance(jca);
            s.initSign(key);
            s.update(input);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWK (public part) as JSON. */
    static String jwk(String kid, PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"use\":\"sig\",\"n\":\"" + unsigned(rsa.getModulus())
                    + "\",\"e\":\"" + unsigned(rsa.getPublicExponent()) + "\"}";
        }
        if (key instanceof ECPublicKey ec) {
            int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            String crv = switch (size) {
                case 32 -> "P-256";
                case 48 -> "P-384";
                default -> "P-521";
            };
            return "{\"kty\":\"EC\",\"kid\":\"" + kid + "\",\"crv\":\"" + crv + "\",\"x\":\""
                    + fixed(ec.getW().getAffineX(), size) + "\",\"y\":\"" + fixed(ec.getW().getAffineY(), size) + "\"}";
        }
        byte[] spki = key.getEncoded();
        byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        return "{\"kty\":\"OKP\",\"kid\":\"" + kid + "\",\"crv\":\"Ed25519\",\"x\":\"" + TestJwt.b64(x) + "\"}";
    }

    static String jwks(String... jwks) {
        return "{\"keys\":[" + String.join(",", jwks) + "]}";
    }

    private static String unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        return TestJwt.b64(b);
    }

    private static String fixed(BigInteger v, int size) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[size];
        int copy = Math.min(b.length, size);
        System.arraycopy(b, b.length - copy, out, size - copy, copy);
        return TestJwt.b64(out);
    }

    private static byte[] derInteger(BigInteger v) {
        byte[] b = v.toByteArray();
        return concat(derHeader(0x02, b.length), b);
    }

    private static byte[] derHeader(int tag, int len) {
        if (len < 0x80) {
            return new byte[] {(byte) tag, (byte) len};
        }
        if (len < 0x100) {
            return new byte[] {(byte) tag, (byte) 0x81, (byte) len};
        }
        return new byte[] {(byte) tag, (byte) 0x82, (byte) (len >> 8), (byte) len};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
