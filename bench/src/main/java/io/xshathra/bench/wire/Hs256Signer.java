package io.xshathra.bench.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs HS256 JSON Web Tokens the way Centrifugo verifies them: the UTF-8 bytes of the secret are
 * the HMAC key, header {@code {"alg":"HS256","typ":"JWT"}}, base64url without padding.
 * Thread-safe (one {@link Mac} per thread).
 */
public final class Hs256Signer {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = B64.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /** @param secret the server's {@code client.token.hmac_secret_key}; must not be empty */
    public Hs256Signer(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("an HS256 secret must not be empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A token whose payload is exactly {@code claimsJson} (its UTF-8 bytes, base64url-encoded). */
    public String sign(String claimsJson) {
        String signingInput = HEADER + "." + B64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        byte[] signature = macs.get().doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64.encodeToString(signature);
    }

    /** A connection token for {@code user} that expires at {@code expEpochSeconds}. */
    public String connectionToken(String user, long expEpochSeconds) {
        return sign("{\"sub\":" + JsonText.quote(user) + ",\"exp\":" + expEpochSeconds + "}");
    }
}
