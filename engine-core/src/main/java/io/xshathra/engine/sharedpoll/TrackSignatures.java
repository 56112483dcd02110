package io.xshathra.engine.sharedpoll;

import io.xshathra.engine.config.SharedPollConfig;
import io.xshathra.protocol.ClientError;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the signatures of a shared-poll track request, as Centrifugo v6.9.1 does. A signature is
 * {@code "<iat>:<exp>:<hex>"}, where {@code hex} is the lower-case HMAC-SHA256, under
 * {@code shared_poll.hmac_secret_key}, of {@code iat}, {@code exp}, the user id, the channel and the
 * lower-case hex SHA-256 of the batch's keys (in the order sent), all joined with a NUL byte;
 * {@code iat} and {@code exp} are taken as the literal text of the signature. Keys are not
 * re-ordered: the same keys in another order do not verify.
 *
 * <p>The check is all or nothing: the first batch that fails decides the request's error. A
 * signature that fails with the current key is tried with the previous key of a rotation, unless
 * it was issued after that key's {@code valid_until}. An {@code exp} more than five seconds in the
 * past is an expired signature (109); {@code iat} and {@code exp} that do not parse as integers
 * both count as zero, so such a signature never expires. Thread-safe; holds no state besides the
 * configuration.
 */
public final class TrackSignatures {
    /** Clock skew allowed past a signature's {@code exp}, in seconds. */
    static final long GRACE_SECONDS = 5;

    private final SharedPollConfig config;

    public TrackSignatures(SharedPollConfig config) {
        this.config = config;
    }

    /**
     * One signed batch: its signature and the keys of its items in the order they were sent.
     *
     * @param signature the batch's signature as sent
     * @param keys      the batch's item keys, in wire order
     */
    public record Batch(String signature, List<String> keys) {
        public Batch {
            keys = List.copyOf(keys);
        }
    }

    /**
     * The outcome of a check: either an error, or each batch's expiry in unix seconds (0 = none), in
     * the order of the batches.
     */
    public record Verdict(ClientError error, long[] expireAt) {
        static Verdict failed(ClientError e) {
            return new Verdict(e, new long[0]);
        }

        public boolean ok() {
            return error == null;
        }
    }

    /** Checks every batch for {@code user} in {@code channel} at {@code nowSeconds} (unix seconds). */
    public Verdict verify(String channel, String user, List<Batch> batches, long nowSeconds) {
        if (config.hmacSecretKey().isEmpty()) {
            return Verdict.failed(ClientError.INTERNAL);
        }
        long[] expireAt = new long[batches.size()];
        for (int i = 0; i < batches.size(); i++) {
            Batch b = batches.get(i);
            boolean valid = matches(config.hmacSecretKey(), channel, user, b);
            if (!valid && !config.hmacPreviousSecretKey().isEmpty()) {
                long validUntil = config.hmacPreviousSecretKeyValidUntil();
                if (validUntil > 0 && timestamps(b.signature())[0] > validUntil) {
                    return Verdict.failed(ClientError.PERMISSION_DENIED);
                }
                valid = matches(config.hmacPreviousSecretKey(), channel, user, b);
            }
            if (!valid) {
                return Verdict.failed(ClientError.PERMISSION_DENIED);
            }
            long exp = timestamps(b.signature())[1];
            if (exp > 0 && exp + GRACE_SECONDS < nowSeconds) {
                return Verdict.failed(ClientError.TOKEN_EXPIRED);
            }
            expireAt[i] = exp;
        }
        return new Verdict(null, expireAt);
    }

    /** Whether {@code b}'s signature is the HMAC under {@code secret}. */
    static boolean matches(String secret, String channel, String user, Batch b) {
        String sig = b.signature();
        int first = sig.indexOf(':');
        int second = first < 0 ? -1 : sig.indexOf(':', first + 1);
        if (second < 0) {
            return false;
        }
        String expected = hmacHex(secret, payload(sig.substring(0, first), sig.substring(first + 1, second), user,
                channel, b.keys()));
        byte[] sent = sig.substring(second + 1).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(sent, expected.getBytes(StandardCharsets.US_ASCII));
    }

    /** The signed text: iat, exp, user, channel and the keys' hash, joined with NUL. */
    static String payload(String iat, String exp, String user, String channel, List<String> keys) {
        String keysHash = HexFormat.of().formatHex(sha256(String.join("\0", keys).getBytes(StandardCharsets.UTF_8)));
        return iat + '\0' + exp + '\0' + user + '\0' + channel + '\0' + keysHash;
    }

    /** {@code [iat, exp]} of a signature; both 0 when either is missing or not an integer. */
    static long[] timestamps(String sig) {
        int first = sig.indexOf(':');
        int second = first < 0 ? -1 : sig.indexOf(':', first + 1);
        if (second < 0) {
            return new long[] {0, 0};
        }
        try {
            return new long[] {Long.parseLong(sig.substring(0, first)), Long.parseLong(sig.substring(first + 1, second))};
        } catch (NumberFormatException e) {
            return new long[] {0, 0};
        }
    }

    static String hmacHex(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
