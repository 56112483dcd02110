package io.xshathra.engine.token;

import io.xshathra.engine.config.TokenConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hand-crafted tokens for tests. Signing here uses the JDK directly, independently of the code
 * under test, so a bug in {@link Hmac} or {@link HmacTokenSigner} can not hide itself.
 */
final class TestJwt {

    static final String SECRET = "test-secret";
    static final long NOW = 1_700_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    static final String HS256_HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    private TestJwt() {
    }

    static TokenVerifier verifier() {
        return new TokenVerifier(TokenConfig.hmac(SECRET), CLOCK);
    }

    static TokenVerifier verifier(TokenConfig config) {
        return new TokenVerifier(config, CLOCK);
    }

    static TokenConfig config(String audience, Pattern audienceRegex, String issuer, Pattern issuerRegex,
            String userIdClaim) {
        return new TokenConfig(SECRET, "", 0, audience, audienceRegex, issuer, issuerRegex, userIdClaim);
    }

    /** An HS256 token over the given payload JSON, signed with {@link #SECRET}. */
    static String hs256(String payloadJson) {
        return signed(HS256_HEADER, payloadJson, "HmacSHA256", SECRET);
    }

    static String signed(String headerJson, String payloadJson, String macAlgorithm, String secret) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        return input + "." + b64(mac(macAlgorithm, secret, input));
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] mac(String macAlgorithm, String secret, String input) {
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), macAlgorithm));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
