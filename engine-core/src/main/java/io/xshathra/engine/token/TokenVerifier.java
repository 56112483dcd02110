package io.xshathra.engine.token;

import com.fasterxml.jackson.databind.JsonNode;
import io.xshathra.engine.config.TokenConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Verifies connection and subscription JWTs the way Centrifugo v6 does (spec §5).
 *
 * <p>Order of checks: the compact form and header are parsed (malformed → invalid); the header's
 * {@code alg} must be one whose key is configured (HS256/384/512 with an HMAC secret, RS256/384/512
 * with an RSA key, the ES algorithm of the ECDSA key's curve; {@code none} and anything else →
 * invalid) or, with a JWKS endpoint, the header's {@code kid} must name a key of the set that
 * serves the {@code alg}; the signature is verified (by the JDK), with the previous HMAC secret as a
 * fallback during rotation; only then are the claims decoded (a claim of the wrong type →
 * invalid), {@code aud}/{@code iss} checked, the {@code channel} claim checked, and finally the
 * time: {@code exp <= now} or {@code nbf >= now} → {@link TokenException.Reason#EXPIRED} (no leeway;
 * the {@code nbf} bound is inclusive as in the reference). All time checks use the injected clock.
 *
 * <p>Thread-safe. Verification is asynchronous only when a JWKS key must be fetched first (see
 * {@link JwksKeySource}); otherwise the returned stage is already complete. Bad input never
 * throws: the stage fails with a {@link TokenException}. The constructor throws
 * {@link IllegalArgumentException} for unreadable key material.
 */
public final class TokenVerifier {

    /** Token-derived expiries are capped this far ahead of the verification time. */
    static final long MAX_EXPIRE_AHEAD_SECONDS = Duration.ofDays(365).toSeconds();

    private static final Map<String, String> HMAC_ALGORITHMS = Map.of(
            "HS256", "HmacSHA256",
            "HS384", "HmacSHA384",
            "HS512", "HmacSHA512");
    /** The registered JWS algorithms that sign with a key pair (RFC 7518, RFC 8037, RFC 8812). */
    private static final Set<String> KEY_PAIR_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384",
            "PS512", "ES256", "ES256K", "ES384", "ES512", "EdDSA", "Ed25519", "Ed448");

    private final Clock clock;
    private final Map<String, SignatureCheck> checks;
    private final String audience;
    private final Pattern audienceRegex;
    private final String issuer;
    private final Pattern issuerRegex;
    private final String userIdClaim;
    /** Keys by {@code kid} from the JWKS endpoint; when set it replaces the static keys. */
    private final JwksKeySource jwks;

    /**
     * @param config keys and claim rules; an empty HMAC secret disables HS* tokens
     * @param clock  source of "now" for {@code exp}, {@code nbf} and key rotation
     */
    public TokenVerifier(TokenConfig config, Clock clock) {
        Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.checks = Map.copyOf(signatureChecks(config));
        String jwksUrl = nullToEmpty(config.jwksPublicEndpoint());
        this.jwks = jwksUrl.isEmpty() ? null : new JwksKeySource(jwksUri(jwksUrl), clock,
                JwksKeySource.DEFAULT_REFRESH_INTERVAL, JwksKeySource.DEFAULT_MIN_FETCH_INTERVAL);
        this.audience = nullToEmpty(config.audience());
        this.audienceRegex = config.audienceRegex();
        this.issuer = nullToEmpty(config.issuer());
        this.issuerRegex = config.issuerRegex();
        this.userIdClaim = nullToEmpty(config.userIdClaim());
    }

    /**
     * Verifies a connection token. The stage completes at once unless the token names a JWKS key
     * that is not cached yet; it then completes on an HTTP client thread, so callers hop back to
     * their own thread before touching state.
     *
     * @return a stage failing with {@link TokenException}: {@code EXPIRED} when {@code exp}
     *         passed or {@code nbf} is not reached; {@code UNAVAILABLE} when the JWKS endpoint
     *         could not be read; {@code INVALID} for anything else wrong, including a non-empty
     *         {@code channel} claim
     */
    public CompletionStage<ConnectToken> connectToken(String jwt) {
        Instant now = clock.instant();
        return verifiedClaims(jwt, now).thenApply(claims -> unchecked(() -> connectToken(claims, now)));
    }

    /**
     * Verifies a subscription token; completes like {@link #connectToken}.
     *
     * @return a stage failing with {@link TokenException}: {@code EXPIRED}, {@code UNAVAILABLE},
     *         or {@code INVALID}, including a missing or empty {@code channel} claim
     */
    public CompletionStage<SubscriptionToken> subscriptionToken(String jwt) {
        Instant now = clock.instant();
        return verifiedClaims(jwt, now).thenApply(claims -> unchecked(() -> subscriptionToken(claims, now)));
    }

    /**
     * {@link #connectToken} waiting for the result: may block on a JWKS fetch, so never call it
     * on an event loop (it serves the CLI and tests).
     */
    public ConnectToken verifyConnectToken(String jwt) throws TokenException {
        return await(connectToken(jwt));
    }

    /** {@link #subscriptionToken} waiting for the result; never call it on an event loop. */
    public SubscriptionToken verifySubscriptionToken(String jwt) throws TokenException {
        return await(subscriptionToken(jwt));
    }

    /** The {@link TokenException} a failed verification stage carries (or null for another failure). */
    public static TokenException failure(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e instanceof TokenException te ? te : null;
    }

    private ConnectToken connectToken(ClaimReader claims, Instant now) throws TokenException {
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

    private SubscriptionToken subscriptionToken(ClaimReader claims, Instant now) throws TokenException {
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

    /** Parses, checks the signature (fetching a JWKS key if needed), then decodes the shared claims. */
    private CompletionStage<ClaimReader> verifiedClaims(String jwt, Instant now) {
        CompactJws jws;
        try {
            jws = CompactJws.parse(jwt);
        } catch (TokenException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (jwks == null) {
            return attempt(() -> claims(jws, checks.get(jws.header().alg()), now));
        }
        String kid = jws.header().kid();
        if (kid == null || kid.isEmpty()) {
            return CompletableFuture.failedFuture(TokenException.invalid("token header has no kid"));
        }
        Jwk cached = jwks.cached(kid);
        if (cached != null) {
            return attempt(() -> claims(jws, jwkCheck(jws, cached), now));
        }
        return jwks.fetch(kid).handle((key, e) -> unchecked(() -> {
            if (e != null) {
                throw TokenException.unavailable("JWKS endpoint could not be read");
            }
            if (key == null) {
                throw TokenException.invalid("no JWKS key with the token's kid");
            }
            return claims(jws, jwkCheck(jws, key), now);
        }));
    }

    private static SignatureCheck jwkCheck(CompactJws jws, Jwk key) throws TokenException {
        String alg = jws.header().alg();
        if (!PublicKeySignatureCheck.JCA_NAMES.containsKey(alg) || !key.allows(alg)) {
            throw TokenException.invalid("algorithm does not match the JWKS key");
        }
        return new PublicKeySignatureCheck(alg, key.key());
    }

    private ClaimReader claims(CompactJws jws, SignatureCheck check, Instant now) throws TokenException {
        if (check == null) {
            String alg = jws.header().alg();
            boolean known = KEY_PAIR_ALGORITHMS.contains(alg);
            throw TokenException.invalid(known ? "algorithm " + alg + " is not enabled"
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

    /** A step of verification that may refuse the token. */
    private interface Step<T> {
        T run() throws TokenException;
    }

    private static <T> T unchecked(Step<T> step) {
        try {
            return step.run();
        } catch (TokenException e) {
            throw new CompletionException(e);
        }
    }

    private static <T> CompletionStage<T> attempt(Step<T> step) {
        try {
            return CompletableFuture.completedFuture(step.run());
        } catch (TokenException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <T> T await(CompletionStage<T> stage) throws TokenException {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            TokenException te = failure(e);
            if (te != null) {
                throw te;
            }
            throw e;
        }
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

    private static Map<String, SignatureCheck> signatureChecks(TokenConfig config) {
        Map<String, SignatureCheck> checks = new HashMap<>();
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
        String rsa = nullToEmpty(config.rsaPublicKey());
        if (!rsa.isEmpty()) {
            RSAPublicKey key = PemKeys.rsa(rsa);
            for (String alg : List.of("RS256", "RS384", "RS512")) {
                checks.put(alg, new PublicKeySignatureCheck(alg, key));
            }
        }
        String ecdsa = nullToEmpty(config.ecdsaPublicKey());
        if (!ecdsa.isEmpty()) {
            ECPublicKey key = PemKeys.ecdsa(ecdsa);
            String alg = EcCurves.jwsAlgorithm(key);
            checks.put(alg, new PublicKeySignatureCheck(alg, key));
        }
        return checks;
    }

    /** Checks a {@code jwks_public_endpoint} value: an absolute http or https URL. */
    public static URI jwksUri(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an absolute http:// or https:// URL");
        }
        return uri;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
