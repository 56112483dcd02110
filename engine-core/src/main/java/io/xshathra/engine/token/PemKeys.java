package io.xshathra.engine.token;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the public keys of {@code rsa_public_key} and {@code ecdsa_public_key}: a PEM block
 * {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), {@code RSA PUBLIC KEY} (PKCS#1, RSA only) or
 * {@code CERTIFICATE} (its subject key). Text around the block is ignored. Failures are
 * {@link IllegalArgumentException}s whose message says what is wrong, never the key itself.
 */
public final class PemKeys {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private PemKeys() {
    }

    /** An RSA public key from PEM. */
    public static RSAPublicKey rsa(String pem) {
        PublicKey key = read(pem, "RSA");
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new IllegalArgumentException("not an RSA public key");
        }
        return rsa;
    }

    /** An EC public key on P-256, P-384 or P-521 from PEM. */
    public static ECPublicKey ecdsa(String pem) {
        PublicKey key = read(pem, "EC");
        if (!(key instanceof ECPublicKey ec)) {
            throw new IllegalArgumentException("not an ECDSA public key");
        }
        if (EcCurves.jwsAlgorithm(ec) == null) {
            throw new IllegalArgumentException("ECDSA key must be on P-256, P-384 or P-521");
        }
        return ec;
    }

    private static PublicKey read(String pem, String keyAlgorithm) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("empty PEM");
        }
        Matcher m = BLOCK.matcher(pem.replace("\\n", "\n"));
        if (!m.find()) {
            throw new IllegalArgumentException("no PEM block found (expected -----BEGIN PUBLIC KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM body is not valid base64");
        }
        String type = m.group(1);
        if (!type.equals("PUBLIC KEY") && !type.equals("RSA PUBLIC KEY") && !type.equals("CERTIFICATE")) {
            throw new IllegalArgumentException("unsupported PEM block " + type
                    + " (expected PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE)");
        }
        try {
            return switch (type) {
                case "PUBLIC KEY" -> KeyFactory.getInstance(keyAlgorithm).generatePublic(new X509EncodedKeySpec(der));
                case "RSA PUBLIC KEY" -> pkcs1(der);
                default -> CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
            };
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("PEM does not hold a valid " + keyAlgorithm + " public key");
        }
    }

    /** PKCS#1 {@code RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }}. */
    private static PublicKey pkcs1(byte[] der) throws GeneralSecurityException {
        Der in = new Der(der);
        Der seq = in.next(0x30);
        BigInteger n = new BigInteger(seq.next(0x02).body());
        BigInteger e = new BigInteger(seq.next(0x02).body());
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }

    /** A minimal DER reader: enough for two integers in a sequence. */
    private static final class Der {
        private final byte[] buf;
        private int pos;
        private final int end;

        Der(byte[] buf) {
            this(buf, 0, buf.length);
        }

        private Der(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        Der next(int tag) {
            if (pos + 2 > end || (buf[pos] & 0xff) != tag) {
                throw new IllegalArgumentException("bad DER");
            }
            pos++;
            int len = buf[pos++] & 0xff;
            if (len > 0x80) {
                int bytes = len - 0x80;
                if (bytes > 3 || pos + bytes > end) {
                    throw new IllegalArgumentException("bad DER length");
                }
                len = 0;
                for (int i = 0; i < bytes; i++) {
                    len = (len << 8) | (buf[pos++] & 0xff);
                }
            } else if (len == 0x80) {
                throw new IllegalArgumentException("indefinite DER length");
            }
            if (pos + len > end) {
                throw new IllegalArgumentException("truncated DER");
            }
            Der inner = new Der(buf, pos, pos + len);
            pos += len;
            return inner;
        }

        byte[] body() {
            byte[] out = new byte[end - pos];
            System.arraycopy(buf, pos, out, 0, out.length);
            return out;
        }
    }
}
