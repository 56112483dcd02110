package io.xshathra.controlplane.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Synchronizer tokens against cross-site request forgery. A token is the HMAC-SHA256 of the
 * session's secret cookie value under a random key made once per process, so it needs no storage,
 * changes with every session, and reveals nothing about the cookie. Forms shown before sign-in
 * (sign-in, sign-up) are bound the same way to a random pre-session cookie.
 *
 * <p>A restart makes the key new: forms rendered before it are refused once and work after a
 * reload. Thread-safe.
 */
final class Csrf {

    /** The form field that carries the token. */
    static final String FIELD = "_csrf";
    /** The request header that carries the token for {@code fetch} calls. */
    static final String HEADER = "X-CSRF-Token";

    private final byte[] key;

    /** A fresh random key. */
    Csrf() {
        this(randomKey());
    }

    Csrf(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("CSRF key must have at least 256 bits");
        }
        this.key = key.clone();
    }

    private static byte[] randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    /** The token for forms of the session (or pre-session) with this cookie value. */
    String token(String cookieValue) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac("csrf:" + cookieValue));
    }

    /** Whether {@code presented} is the token of this cookie value; constant time, false for nulls. */
    boolean valid(String cookieValue, String presented) {
        if (cookieValue == null || cookieValue.isEmpty() || presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] expected = token(cookieValue).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** A stable, non-reversible key for per-session server-side state (the one-time key flash). */
    String sessionKey(String cookieValue) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac("flash:" + cookieValue));
    }

    private byte[] mac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
