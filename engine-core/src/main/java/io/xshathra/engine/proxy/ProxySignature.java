package io.xshathra.engine.proxy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Xshathra-Signature} header the engine puts on every call to a project's backend:
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>." followed by the request body>}, keyed
 * with the project's signing secret. A backend recomputes it, compares in constant time and
 * refuses old timestamps (five minutes is a good bound) so a captured call cannot be replayed
 * later. {@code docs/controlplane.md} describes the check.
 */
public final class ProxySignature {

    /** The header's name. */
    public static final String HEADER = "X-Xshathra-Signature";

    private ProxySignature() {
    }

    /** The header value for a body sent at {@code epochSeconds}. */
    public static String header(String secret, long epochSeconds, byte[] body) {
        return "t=" + epochSeconds + ",v1=" + hex(mac(secret, epochSeconds, body));
    }

    /**
     * Whether {@code header} is a valid signature of {@code body} at most {@code maxAgeSeconds}
     * away from {@code nowSeconds}.
     */
    public static boolean verify(String secret, String header, byte[] body, long nowSeconds, long maxAgeSeconds) {
        if (header == null || !header.startsWith("t=")) {
            return false;
        }
        int comma = header.indexOf(",v1=");
        if (comma < 0) {
            return false;
        }
        long t;
        try {
            t = Long.parseLong(header.substring(2, comma));
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowSeconds - t) > maxAgeSeconds) {
            return false;
        }
        byte[] expected = hex(mac(secret, t, body)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = header.substring(comma + 4).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    private static byte[] mac(String secret, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
