package io.xshathra.controlplane.console;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed "known browser" cookie ({@value Cookies#KNOWN}): after a successful sign-in the
 * browser gets {@code <account id>-<expiry, epoch seconds>-<MAC>}, the MAC being HMAC-SHA256
 * (first 128 bits) under the deployment's browser key ({@code Accounts.browserKey}, shared by all
 * nodes, kept across restarts). A later sign-in from that browser names the account, and that
 * account is then not held back by the growing delays that failures from elsewhere cause
 * ({@code AccountThrottle}): whoever hammers an account from his own machine slows down only
 * himself and other new browsers, never the owner at his usual one. The cookie proves only that
 * this browser signed in to the account before; the password is still checked every time, and
 * the per-address limit still applies. Immutable and thread-safe.
 */
final class KnownBrowser {

    /** How long a browser stays known after its last sign-in. */
    static final Duration LIFETIME = Duration.ofDays(180);
    private static final Pattern VALUE = Pattern.compile("(acct_[0-9A-Z]{26})-([0-9]{1,12})-([A-Za-z0-9_-]{22})");

    private final byte[] key;
    private final Clock clock;

    KnownBrowser(byte[] key, Clock clock) {
        this.key = key.clone();
        this.clock = clock;
    }

    /** A cookie value naming the account, valid for {@link #LIFETIME}. */
    String issue(String accountId) {
        long expires = clock.instant().plus(LIFETIME).getEpochSecond();
        return accountId + "-" + expires + "-" + mac(accountId, expires);
    }

    /** The account the cookie names when its MAC is right and it has not expired; else null. */
    String verify(String value) {
        Matcher m = value == null ? null : VALUE.matcher(value);
        if (m == null || !m.matches()) {
            return null;
        }
        long expires = Long.parseLong(m.group(2));
        if (expires <= clock.instant().getEpochSecond()) {
            return null;
        }
        byte[] expected = mac(m.group(1), expires).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, m.group(3).getBytes(StandardCharsets.US_ASCII)) ? m.group(1) : null;
    }

    private String mac(String accountId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = mac.doFinal(("known-browser:" + accountId + ":" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 16));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
