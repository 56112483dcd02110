package io.xshathra.engine.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.config.ChannelConfig;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ClientConfig;
import io.xshathra.engine.config.TokenConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every token the minter hands out passes the real {@link TokenVerifier} built from the same
 * settings, for each combination of settings the verifier checks; where no such token can exist,
 * the minter says so instead of signing.
 */
class TokenMinterTest {
    private static final String SECRET = "minter-secret";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final ChannelRules RULES = new ChannelRules(ChannelConfig.defaults().withNamespaces(
            ChannelOptions.builder().build(), Map.of("chat", ChannelOptions.builder().build())));

    private static TokenConfig config(String secret, String audience, Pattern audienceRegex, String issuer,
                                      Pattern issuerRegex, String userIdClaim) {
        return new TokenConfig(secret, "", 0, audience, audienceRegex, issuer, issuerRegex, userIdClaim);
    }

    private static TokenMinter minter(TokenConfig connection, TokenConfig subscription) {
        return new TokenMinter(ClientConfig.defaults("").withTokens(connection, subscription), RULES, CLOCK);
    }

    private static TokenMinter minter(TokenConfig both) {
        return minter(both, both);
    }

    private static TokenMinter.ConnectionClaims conn(String user, String project, String... channels) {
        return new TokenMinter.ConnectionClaims(user, project, TTL, List.of(channels), null);
    }

    private static TokenMinter.SubscriptionClaims sub(String user, String project, String channel) {
        return new TokenMinter.SubscriptionClaims(user, project, channel, TTL, null);
    }

    /** Mints both kinds and checks them with verifiers built from the same settings. */
    private static void roundTrip(TokenConfig connection, TokenConfig subscription) throws TokenException {
        TokenMinter m = minter(connection, subscription);
        assertThat(m.available()).as(m.unavailableReason()).isTrue();
        ConnectToken ct = new TokenVerifier(connection, CLOCK)
                .verifyConnectToken(m.connectionToken(conn("alice", "proj_A", "chat:room")));
        assertThat(ct.userId()).isEqualTo("alice");
        assertThat(ct.projectId()).isEqualTo("proj_A");
        assertThat(ct.channels()).containsExactly("chat:room");
        assertThat(ct.expireAt()).isEqualTo(CLOCK.instant().plus(TTL).getEpochSecond());
        SubscriptionToken st = new TokenVerifier(subscription, CLOCK)
                .verifySubscriptionToken(m.subscriptionToken(sub("alice", "proj_A", "chat:room")));
        assertThat(st.userId()).isEqualTo("alice");
        assertThat(st.projectId()).isEqualTo("proj_A");
        assertThat(st.channel()).isEqualTo("chat:room");
    }

    @Test
    void plainSecret() throws Exception {
        roundTrip(TokenConfig.hmac(SECRET), TokenConfig.hmac(SECRET));
    }

    @Test
    void userIdClaimCarriesTheUser() throws Exception {
        TokenConfig c = config(SECRET, "", null, "", null, "user_id");
        roundTrip(c, c);
        String token = minter(c).connectionToken(conn("alice", "p"));
        assertThat(payload(token)).contains("\"user_id\":\"alice\"");
        // The claim is what the engine reads: without it the same verifier sees an anonymous user.
        assertThat(new TokenVerifier(c, CLOCK).verifyConnectToken(
                new HmacTokenSigner(SECRET).sign(Map.of("sub", "alice"))).userId()).isEmpty();
    }

    @Test
    void audienceAndIssuerExactAndByRegex() throws Exception {
        roundTrip(config(SECRET, "app", null, "", null, ""), config(SECRET, "app", null, "", null, ""));
        roundTrip(config(SECRET, "", null, "xshathra", null, ""), config(SECRET, "", null, "xshathra", null, ""));
        TokenConfig both = config(SECRET, "https://prod.example.com", Pattern.compile("^https://(staging|prod)\\."),
                "proj_01", Pattern.compile("^proj_[0-9]+$"), "uid");
        roundTrip(both, both);
    }

    @Test
    void separateSubscriptionSecretAndRules() throws Exception {
        TokenConfig connection = config(SECRET, "conn-aud", null, "", null, "");
        TokenConfig subscription = config("sub-secret", "", null, "sub-iss", null, "sub_user");
        roundTrip(connection, subscription);
        TokenMinter m = minter(connection, subscription);
        String subToken = m.subscriptionToken(sub("alice", "p", "chat:x"));
        assertThatThrownBy(() -> new TokenVerifier(connection, CLOCK).verifySubscriptionToken(subToken))
                .as("signed with the subscription secret, not the connection one")
                .isInstanceOf(TokenException.class);
    }

    @Test
    void previousSecretIsNeverUsedToSign() throws Exception {
        TokenConfig rotating = new TokenConfig(SECRET, "old-secret", 0, "", null, "", null, "");
        String token = minter(rotating).connectionToken(conn("alice", ""));
        assertThat(new TokenVerifier(TokenConfig.hmac(SECRET), CLOCK).verifyConnectToken(token).userId())
                .isEqualTo("alice");
        assertThat(payload(token)).doesNotContain("projectId");
    }

    @Test
    void publicKeysNextToTheSecretStillAllowMinting() throws Exception {
        String rsa = TestKeys.pem(TestKeys.rsa().getPublic());
        TokenConfig c = TokenConfig.hmac(SECRET).withPublicKeys(rsa, "", "");
        roundTrip(c, c);
    }

    @Test
    void publicKeysOnlyCanNotBeSigned() {
        String rsa = TestKeys.pem(TestKeys.rsa().getPublic());
        TokenMinter m = minter(TokenConfig.hmac("").withPublicKeys(rsa, "", ""));
        assertThat(m.available()).isFalse();
        assertThat(m.unavailableReason()).contains("client.token.hmac_secret_key").contains("RSA/ECDSA");
        assertThatThrownBy(() -> m.connectionToken(conn("alice", "p")))
                .isInstanceOf(TokenMinter.CannotSign.class).hasMessageContaining("client.token.hmac_secret_key");
        assertThatThrownBy(() -> m.subscriptionToken(sub("alice", "p", "chat:x")))
                .isInstanceOf(TokenMinter.CannotSign.class);
    }

    @Test
    void noKeysAtAllCanNotBeSigned() {
        TokenMinter m = minter(TokenConfig.hmac(""));
        assertThat(m.unavailableReason()).contains("no tokens at all");
    }

    @Test
    void jwksReplacesTheSecretSoNothingCanBeSigned() {
        TokenMinter m = minter(TokenConfig.hmac(SECRET).withPublicKeys("", "", "https://keys.example.com/jwks"));
        assertThat(m.available()).isFalse();
        assertThat(m.unavailableReason()).contains("client.token.jwks_public_endpoint");
    }

    @Test
    void regexWithoutAMatchingExactValueCanNotBeSigned() {
        assertThat(minter(config(SECRET, "", Pattern.compile("^app$"), "", null, "")).unavailableReason())
                .contains("client.token.audience_regex").contains("client.token.audience");
        assertThat(minter(config(SECRET, "other", Pattern.compile("^app$"), "", null, "")).available()).isFalse();
        assertThat(minter(config(SECRET, "", null, "", Pattern.compile("^iss$"), "")).unavailableReason())
                .contains("client.token.issuer_regex");
        assertThat(minter(config(SECRET, "", null, "x", Pattern.compile("^iss$"), "")).available()).isFalse();
    }

    @Test
    void anIssuerRegexMatchingTheEmptyStringIsSatisfiedWithoutIssuer() throws Exception {
        TokenConfig c = config(SECRET, "", null, "", Pattern.compile("^$"), "");
        roundTrip(c, c);
    }

    @Test
    void onlyTheSubscriptionSideUnavailableNamesItsKeys() {
        TokenMinter m = minter(TokenConfig.hmac(SECRET), TokenConfig.hmac(""));
        assertThat(m.available()).isFalse();
        assertThat(m.unavailableReason()).contains("client.subscription_token.hmac_secret_key");
    }

    @Test
    void aUserIdClaimWithItsOwnMeaningIsRefused() {
        assertThat(minter(config(SECRET, "", null, "", null, "projectId")).unavailableReason())
                .contains("client.token.user_id_claim");
    }

    @Test
    void channelsAreValidatedAsClientCommandsAre() {
        TokenMinter m = minter(TokenConfig.hmac(SECRET));
        assertThatThrownBy(() -> m.connectionToken(conn("u", "p", "chat:ok", "\u001Fproj_B\u001Fchat:x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("channels[1]:");
        assertThatThrownBy(() -> m.connectionToken(conn("u", "p", "nope:x")))
                .hasMessageContaining("unknown namespace");
        assertThatThrownBy(() -> m.subscriptionToken(sub("u", "p", "chat:" + "x".repeat(300))))
                .hasMessageStartingWith("channel:");
        assertThatThrownBy(() -> m.subscriptionToken(sub("u", "p", "chat:caf\u00e9")))
                .hasMessageContaining("invalid name");
    }

    @Test
    void infoAndTtlAreCarried() throws Exception {
        TokenMinter m = minter(TokenConfig.hmac(SECRET));
        var info = new ObjectMapper().readTree("{\"name\":\"Alice\"}");
        String token = m.connectionToken(new TokenMinter.ConnectionClaims("alice", "p", TTL, List.of(), info));
        assertThat(new String(new TokenVerifier(TokenConfig.hmac(SECRET), CLOCK).verifyConnectToken(token).info(),
                StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"Alice\"}");
        assertThatThrownBy(() -> m.connectionToken(new TokenMinter.ConnectionClaims("a", "p", Duration.ZERO,
                List.of(), null))).hasMessageStartingWith("ttl:");
        String forever = m.connectionToken(new TokenMinter.ConnectionClaims("a", "", null, List.of(), null));
        assertThat(payload(forever)).doesNotContain("\"exp\"");
        assertThat(new TokenVerifier(TokenConfig.hmac(SECRET), CLOCK).verifyConnectToken(forever).expireAt()).isZero();
    }

    @Test
    void aMinterNeverShowsItsSecret() {
        TokenMinter m = minter(TokenConfig.hmac(SECRET));
        assertThat(m.toString()).doesNotContain(SECRET);
        assertThat(minter(config(SECRET, "", Pattern.compile("x"), "", null, "")).unavailableReason())
                .doesNotContain(SECRET);
    }

    private static String payload(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }
}
