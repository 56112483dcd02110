package io.xshathra.engine.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import io.xshathra.engine.config.TokenConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Verifies connection and subscription JWTs the way Centrifugo v6 does (spec §5).
 *
 * <p>Order of checks: the compact form and header are parsed (malformed → invalid); the header's
 * {@code alg} must be one whose key is configured (HS256/384/512 with an HMAC secret; {@code none}
 * and anything else → invalid); the signature is verified, with the previous HMAC secret as a
 * fallback during rotation; only then are the claims decoded (a claim of the wrong type →
 * invalid), {@code aud}/{@code iss} checked, the {@code channel} claim checked, and finally the
 * time: {@code exp <= now} or {@code nbf >= now} → {@link TokenException.Reason#EXPIRED} (no leeway;
 * the {@code nbf} bound is inclusive as in the reference). All time checks use the injected clock.
 *
 * <p>Immutable and thread-safe. Never throws anything but {@link TokenException} for bad input.
 */
public final class TokenVerifier {

    /** Token-derived expiries are capped this far ahead of the verification time. */
    static final long MAX_EXPIRE_AHEAD_SECONDS = Duration.ofDays(365).toSeconds();

    private static final Map<JWSAlgorithm, String> HMAC_ALGORITHMS = Map.of(
            JWSAlgorithm.HS256, "HmacSHA256",
            JWSAlgorithm.HS384, "HmacSHA384",
            JWSAlgorithm.HS512, "HmacSHA512");

    private final Clock clock;
    private final Map<JWSAlgorithm, SignatureCheck> checks;
    private final String audience;
    private final Pattern audienceRegex;
    private final String issuer;
    private final Pattern issuerRegex;
    private final String userIdClaim;

    /**
     * @param config keys and claim rules; an empty HMAC secret disables HS* tokens
     * @param clock  source of "now" for {@code exp}, {@code nbf} and key rotation
     */
    public TokenVerifier(TokenConfig config, Clock clock) {
        Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.checks = Map.copyOf(signatureChecks(config));
        this.audience = nullToEmpty(config.audience());
        this.audienceRegex = config.audienceRegex();
        this.issuer = nullToEmpty(config.issuer());
        this.issuerRegex = config.issuerRegex();
        this.userIdClaim = nullToEmpty(config.userIdClaim());
    }

    /**
     * Verifies a connection token.
     *
     * @throws TokenException {@code EXPIRED} when {@code exp} passed or {@code nbf} is not reached;
     *                        {@code INVALID} for anything else wrong, including a non-empty
     *                        {@code channel} claim
     */
    public ConnectToken verifyConnectToken(String jwt) throws TokenException {
        Instant now = clock.instant();
        ClaimReader claims = verifiedClaims(jwt, now);
        // Like the reference, only a non-empty channel is refused ("channel":"" passes).
        if (!claims.stringOrEmpty("channel").isEmpty()) {
            throw TokenException.invalid("connection token must not contain a channel claim");
        }
        String userId = userId(claims);
        String projectId = claims.stringOrEmpty("projectId");
        Long expireAtClaim = claims.integer("expire_at");
        byte[] info = claims.base64OrRawJson("b64info", "info");
        List<String> channels = claims.stringArray("channels");
        Map<String, SubscribeOptions> subs = subs(claims);
        byte[] meta = claims.rawJson("meta");
        Instant exp = checkTime(claims, now);
        return new ConnectToken(userId, expireAt(expireAtClaim, exp, now), info, channels, subs, meta,
                projectId);
    }

    /**
     * Verifies a subscription token.
     *
     * @throws TokenException {@code EXPIRED} when {@code exp} passed or {@code nbf} is not reached;
     *                        {@code INVALID} for anything else wrong, including a missing or empty
     *                        {@code channel} claim
     */
    public SubscriptionToken verifySubscriptionToken(String jwt) throws TokenException {
        Instant now = clock.instant();
        ClaimReader claims = verifiedClaims(jwt, now);
        String channel = claims.stringOrEmpty("channel");
        String client = claims.stringOrEmpty("client");
        String userId = userId(claims);
        String projectId = claims.stringOrEmpty("projectId");
        Long expireAtClaim = claims.integer("expire_at");
        byte[] info = claims.base64OrRawJson("b64info", "info");
        byte[] data = claims.base64OrRawJson("b64data", "data");
        SubscribeOptionOverride override = override(claims);
        // The reference checks time before the channel: an expired token without channel is expired.
        Instant exp = checkTime(claims, now);
        if (channel.isEmpty()) {
            throw TokenException.invalid("subscription token must contain a channel claim");
        }
        return new SubscriptionToken(userId, channel, client, expireAt(expireAtClaim, exp, now), info,
                data, override, projectId);
    }

    /** Parses, checks the signature, then decodes the claims and checks the shared ones. */
    private ClaimReader verifiedClaims(String jwt, Instant now) throws TokenException {
        CompactJws jws = CompactJws.parse(jwt);
        JWSAlgorithm alg = jws.header().getAlgorithm();
        SignatureCheck check = checks.get(alg);
        if (check == null) {
            boolean known = JWSAlgorithm.Family.SIGNATURE.contains(alg);
            throw TokenException.invalid(known ? "algorithm " + alg.getName() + " is not enabled"
                    : "unsupported algorithm");
        }
        if (!check.verify(jws, now)) {
            throw TokenException.invalid("signature verification failed");
        }
        ClaimReader claims = ClaimReader.parse(jws.payload());
        // Registered claims are type-checked even when unused, as the reference's typed decode does.
        claims.string("sub");
        claims.string("jti");
        claims.numericDate("iat");
        checkAudience(claims.stringOrStringArray("aud"));
        checkIssuer(claims.stringOrEmpty("iss"));
        return claims;
    }

    private void checkAudience(List<String> aud) throws TokenException {
        if (!audience.isEmpty() && !aud.contains(audience)) {
            throw TokenException.invalid("audience mismatch");
        }
        // find(), not matches(): Go's FindStringSubmatch is unanchored; anchor with ^…$ in config.
        if (audienceRegex != null && aud.stream().noneMatch(a -> audienceRegex.matcher(a).find())) {
            throw TokenException.invalid("audience not matched");
        }
    }

    private void checkIssuer(String iss) throws TokenException {
        if (!issuer.isEmpty() && !issuer.equals(iss)) {
            throw TokenException.invalid("issuer mismatch");
        }
        if (issuerRegex != null && !issuerRegex.matcher(iss).find()) {
            throw TokenException.invalid("issuer not matched");
        }
    }

    /** @return the {@code exp} claim, or null */
    private static Instant checkTime(ClaimReader claims, Instant now) throws TokenException {
        Instant exp = claims.numericDate("exp");
        Instant nbf = claims.numericDate("nbf");
        if (exp != null && !exp.isAfter(now)) {
            throw TokenException.expired("token expired");
        }
        if (nbf != null && !nbf.isBefore(now)) {
            throw TokenException.expired("token not valid yet");
        }
        return exp;
    }

    /** {@code expire_at} when present (≤ 0 = never), else {@code exp}; capped at now + 365 days. */
    private static long expireAt(Long expireAtClaim, Instant exp, Instant now) {
        long expireAt;
        if (expireAtClaim != null) {
            expireAt = Math.max(0, expireAtClaim);
        } else {
            expireAt = exp == null ? 0 : exp.getEpochSecond();
        }
        return expireAt <= 0 ? 0 : Math.min(expireAt, now.getEpochSecond() + MAX_EXPIRE_AHEAD_SECONDS);
    }

    private String userId(ClaimReader claims) throws TokenException {
        return userIdClaim.isEmpty() ? claims.stringOrEmpty("sub") : claims.scalarAsString(userIdClaim);
    }

    private static Map<String, SubscribeOptions> subs(ClaimReader claims) throws TokenException {
        Map<String, SubscribeOptions> subs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : claims.fields("subs")) {
            ClaimReader entry = claims.entry("subs", e.getValue());
            subs.put(e.getKey(), entry == null ? SubscribeOptions.NONE
                    : new SubscribeOptions(entry.base64OrRawJson("b64info", "info"),
                            entry.base64OrRawJson("b64data", "data"), override(entry)));
        }
        return subs;
    }

    private static SubscribeOptionOverride override(ClaimReader claims) throws TokenException {
        ClaimReader o = claims.nested("override");
        if (o == null) {
            return null;
        }
        return new SubscribeOptionOverride(o.boolValue("presence"), o.boolValue("join_leave"),
                o.boolValue("force_push_join_leave"), o.boolValue("force_recovery"),
                o.boolValue("force_positioning"));
    }

    private static Map<JWSAlgorithm, SignatureCheck> signatureChecks(TokenConfig config) {
        Map<JWSAlgorithm, SignatureCheck> checks = new HashMap<>();
        String secret = nullToEmpty(config.hmacSecretKey());
        if (!secret.isEmpty()) {
            String previous = nullToEmpty(config.hmacPreviousSecretKey());
            byte[] previousKey = previous.isEmpty() ? null : previous.getBytes(StandardCharsets.UTF_8);
            long validUntil = config.hmacPreviousSecretKeyValidUntil();
            Instant previousValidUntil = validUntil == 0 ? null : Instant.ofEpochSecond(validUntil);
            byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            HMAC_ALGORITHMS.forEach((alg, mac) ->
                    checks.put(alg, new HmacSignatureCheck(mac, key, previousKey, previousValidUntil)));
        }
        // RSA, ECDSA and JWKS checks register their algorithms here once configured.
        return checks;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
