package io.xshathra.engine.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Mints HS256 JWTs ({@code {"alg":"HS256","typ":"JWT"}}) with an HMAC secret, as the CLI's
 * {@code gentoken} and the control plane do. Any non-empty secret works, however short, exactly as
 * Centrifugo verifies it (see {@link Hmac} for why Nimbus's MAC signer is not used).
 *
 * <p>Immutable and thread-safe.
 */
public final class HmacTokenSigner {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER_PART =
            BASE64URL.encodeToString("{\"typ\":\"JWT\",\"alg\":\"HS256\"}".getBytes(StandardCharsets.US_ASCII));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] key;

    /** @param secret the HMAC secret; its UTF-8 bytes are the key. Must not be empty */
    public HmacTokenSigner(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("HMAC secret must not be empty");
        }
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Signs the claims.
     *
     * @param claims claim name → value, serialised with Jackson (strings, numbers, booleans, lists,
     *               maps, {@code JsonNode}s, records); NumericDates ({@code exp}, {@code nbf},
     *               {@code iat}) must be given as unix seconds
     * @return the compact JWT
     * @throws IllegalArgumentException if a value can not be serialised to JSON
     */
    public String sign(Map<String, ?> claims) {
        Objects.requireNonNull(claims, "claims");
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(claims);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("claims can not be serialised to JSON", e);
        }
        String signingInput = HEADER_PART + "." + BASE64URL.encodeToString(payload);
        byte[] signature = Hmac.compute("HmacSHA256", key, signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + BASE64URL.encodeToString(signature);
    }
}
