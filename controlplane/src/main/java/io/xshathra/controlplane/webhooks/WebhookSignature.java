package io.xshathra.controlplane.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@value #HEADER} header of a webhook delivery: {@code t=<unix seconds>,v1=<hex>} where the
 * hex is the HMAC-SHA256, keyed with the endpoint's secret (its UTF-8 bytes), of
 * {@code "<t>.<raw body>"}. The timestamp is that of the attempt, so a receiver can refuse old
 * replays; the body is signed byte for byte as sent.
 */
public final class WebhookSignature {

    /** The header's name. */
    public static final String HEADER = "X-Xshathra-Signature";

    private WebhookSignature() {
    }

    /** The header's value for the body sent at {@code unixSeconds}. */
    public static String header(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac(secret, unixSeconds, body));
    }

    /**
     * Whether a header is a valid signature of the body with this secret, made within
     * {@code toleranceSeconds} of {@code nowSeconds} (compared in constant time).
     */
    public static boolean verify(String secret, String header, byte[] body, long nowSeconds, long toleranceSeconds) {
        if (header == null || header.length() > 512) {
            return false;
        }
        Long t = null;
        byte[] v1 = null;
        for (String part : header.split(",", 8)) {
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq).strip();
            String v = eq < 0 ? "" : part.substring(eq + 1).strip();
            try {
                if (k.equals("t") && v.matches("\\d{1,12}")) {
                    t = Long.parseLong(v);
                } else if (k.equals("v1") && v.length() == 64) {
                    v1 = HexFormat.of().parseHex(v);
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (t == null || v1 == null || Math.abs(nowSeconds - t) > toleranceSeconds) {
            return false;
        }
        return MessageDigest.isEqual(mac(secret, t, body), v1);
    }

    private static byte[] mac(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
