package io.xshathra.engine.token;

import io.xshathra.engine.config.TokenConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One kind of token the {@link TokenMinter} signs (connection or subscription): its settings,
 * its signer, or the reason it has none. Decided once at construction; immutable.
 */
final class MintingKey {
    /** Claims the minter or the verifier give a meaning of their own; a user-id claim must not be one. */
    private static final Set<String> RESERVED = Set.of("aud", "iss", "exp", "nbf", "iat", "jti", "projectId",
            "channel", "channels", "subs", "info", "b64info", "data", "b64data", "client", "expire_at", "meta",
            "override");
    private static final String PROBE_USER = "probe-user";
    private static final String PROBE_PROJECT = "probe-project";
    private static final String PROBE_CHANNEL = "probe";

    private final TokenConfig config;
    private final HmacTokenSigner signer;
    private final String reason;

    MintingKey(TokenConfig config, String prefix, Clock clock) {
        this.config = config;
        String refusal = refusal(config, prefix);
        if (refusal == null) {
            refusal = probe(config, prefix, clock);
        }
        this.reason = refusal;
        this.signer = refusal == null ? new HmacTokenSigner(config.hmacSecretKey()) : null;
    }

    boolean available() {
        return signer != null;
    }

    String reason() {
        return reason;
    }

    /** @param ttl null for no {@code exp} claim */
    Map<String, Object> baseClaims(String userId, String projectId, Duration ttl, Clock clock) {
        if (ttl != null && (ttl.isNegative() || ttl.toSeconds() < 1)) {
            throw new IllegalArgumentException("ttl: must be at least one second");
        }
        long now = clock.millis() / 1000;
        return TokenMinter.claims(config, userId, projectId, now, ttl == null ? null : now + ttl.toSeconds());
    }

    String sign(Map<String, Object> claims) {
        if (signer == null) {
            throw new TokenMinter.CannotSign(reason);
        }
        return signer.sign(claims);
    }

    /** What in the settings rules out HS256 tokens signed here, or null. */
    private static String refusal(TokenConfig c, String prefix) {
        if (!orEmpty(c.jwksPublicEndpoint()).isEmpty()) {
            return prefix + ".jwks_public_endpoint is set, so the engine accepts only tokens signed with the key"
                    + " set's private keys, which this server does not hold";
        }
        if (orEmpty(c.hmacSecretKey()).isEmpty()) {
            return prefix + ".hmac_secret_key is not set: this server signs tokens with an HMAC secret only,"
                    + " and the engine verifies " + (c.hasKeys() ? "RSA/ECDSA tokens only" : "no tokens at all");
        }
        String userIdClaim = orEmpty(c.userIdClaim());
        if (RESERVED.contains(userIdClaim)) {
            return prefix + ".user_id_claim names \"" + userIdClaim + "\", a claim with a meaning of its own";
        }
        String audience = unmatched(c.audience(), c.audienceRegex(), false);
        if (audience != null) {
            return prefix + ".audience_regex " + audience + ": set " + prefix
                    + ".audience to a value it matches, which minted tokens then carry";
        }
        String issuer = unmatched(c.issuer(), c.issuerRegex(), true);
        if (issuer != null) {
            return prefix + ".issuer_regex " + issuer + ": set " + prefix
                    + ".issuer to a value it matches, which minted tokens then carry";
        }
        return null;
    }

    /**
     * Why the exact value can not satisfy the regex, or null when it can (or there is no regex).
     * An absent {@code iss} is read as {@code ""}, which a regex may match; an absent {@code aud}
     * is an empty list, which no regex matches.
     */
    private static String unmatched(String exact, Pattern regex, boolean absentIsEmptyString) {
        if (regex == null) {
            return null;
        }
        if (orEmpty(exact).isEmpty()) {
            return absentIsEmptyString && regex.matcher("").find() ? null : "is set without an exact value";
        }
        // find(), as the verifier does.
        return regex.matcher(exact).find() ? null : "does not match the exact value";
    }

    /**
     * Signs a probe of each token kind and has a verifier built from the same settings check it,
     * so no setting can make the minter hand out tokens the engine refuses.
     */
    private static String probe(TokenConfig c, String prefix, Clock clock) {
        HmacTokenSigner probeSigner = new HmacTokenSigner(c.hmacSecretKey());
        TokenVerifier verifier = new TokenVerifier(c, clock);
        long now = clock.millis() / 1000;
        Map<String, Object> claims = TokenMinter.claims(c, PROBE_USER, PROBE_PROJECT, now, now + 60L);
        try {
            ConnectToken ct = verifier.verifyConnectToken(probeSigner.sign(claims));
            claims.put("channel", PROBE_CHANNEL);
            SubscriptionToken st = verifier.verifySubscriptionToken(probeSigner.sign(claims));
            if (!PROBE_USER.equals(ct.userId()) || !PROBE_USER.equals(st.userId())
                    || !PROBE_PROJECT.equals(ct.projectId()) || !PROBE_PROJECT.equals(st.projectId())) {
                return prefix + " settings make the engine read another user or project than the one minted";
            }
            return null;
        } catch (TokenException e) {
            return "the engine would refuse tokens minted with the " + prefix + " settings: " + e.getMessage();
        }
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
