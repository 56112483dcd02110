package io.xshathra.engine.token;

import static io.xshathra.engine.token.TestJwt.config;
import static io.xshathra.engine.token.TestJwt.hs256;
import static io.xshathra.engine.token.TestJwt.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.token.TokenException.Reason;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code aud}, {@code iss} and the user id claim (spec §5.2). */
class TokenAudienceIssuerTest {

    private static final TokenVerifier EXACT_AUDIENCE = verifier(config("app", null, "", null, ""));
    private static final TokenVerifier AUDIENCE_REGEX =
            verifier(config("", Pattern.compile("^https://(staging|prod)\\.example\\.com$"), "", null, ""));
    private static final TokenVerifier EXACT_ISSUER = verifier(config("", null, "xshathra", null, ""));
    private static final TokenVerifier ISSUER_REGEX = verifier(config("", null, "", Pattern.compile("^proj_[0-9A-Z]+$"), ""));

    @ParameterizedTest
    @ValueSource(strings = {"\"app\"", "[\"app\"]", "[\"other\",\"app\"]"})
    void exactAudienceMatchesAnyElement(String aud) throws Exception {
        assertThat(EXACT_AUDIENCE.verifyConnectToken(hs256("{\"sub\":\"u\",\"aud\":" + aud + "}")).userId()).isEqualTo("u");
        assertThat(EXACT_AUDIENCE.verifySubscriptionToken(hs256("{\"channel\":\"c\",\"aud\":" + aud + "}")).channel())
                .isEqualTo("c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"other\"", "[\"other\"]", "[]", "\"App\"", "\"app \"", "\"\"", "null"})
    void wrongOrMissingAudienceIsInvalid(String aud) {
        assertInvalid(EXACT_AUDIENCE, "{\"aud\":" + aud + "}");
        assertInvalid(EXACT_AUDIENCE, "{}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"https://prod.example.com\"", "[\"x\",\"https://staging.example.com\"]"})
    void audienceRegexMatchesAnyElement(String aud) throws Exception {
        assertThat(AUDIENCE_REGEX.verifyConnectToken(hs256("{\"aud\":" + aud + "}")).userId()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"https://dev.example.com\"", "\"https://prod.example.com.evil\"", "[]", "\"\""})
    void audienceRegexMismatchIsInvalid(String aud) {
        assertInvalid(AUDIENCE_REGEX, "{\"aud\":" + aud + "}");
        assertInvalid(AUDIENCE_REGEX, "{}");
    }

    @Test
    void audienceRegexSearchesLikeGoUnlessAnchored() throws Exception {
        TokenVerifier unanchored = verifier(config("", Pattern.compile("example"), "", null, ""));
        assertThat(unanchored.verifyConnectToken(hs256("{\"sub\":\"u\",\"aud\":\"my-example-app\"}")).userId())
                .isEqualTo("u");
    }

    @Test
    void audienceIsNotCheckedWhenNotConfigured() throws Exception {
        assertThat(verifier().verifyConnectToken(hs256("{\"sub\":\"u\",\"aud\":[\"anything\"]}")).userId()).isEqualTo("u");
    }

    @Test
    void exactIssuer() throws Exception {
        assertThat(EXACT_ISSUER.verifyConnectToken(hs256("{\"sub\":\"u\",\"iss\":\"xshathra\"}")).userId()).isEqualTo("u");
        assertInvalid(EXACT_ISSUER, "{\"iss\":\"xshathra2\"}");
        assertInvalid(EXACT_ISSUER, "{\"iss\":\"\"}");
        assertInvalid(EXACT_ISSUER, "{}");
    }

    @Test
    void issuerRegex() throws Exception {
        assertThat(ISSUER_REGEX.verifySubscriptionToken(hs256("{\"channel\":\"c\",\"iss\":\"proj_01HX\"}")).channel())
                .isEqualTo("c");
        assertInvalid(ISSUER_REGEX, "{\"iss\":\"proj_lower\"}");
        assertInvalid(ISSUER_REGEX, "{}");
    }

    @Test
    void issuerIsNotCheckedWhenNotConfigured() throws Exception {
        assertThat(verifier().verifyConnectToken(hs256("{\"sub\":\"u\",\"iss\":\"whoever\"}")).userId()).isEqualTo("u");
    }

    @Test
    void userIdClaimReplacesSub() throws Exception {
        TokenVerifier v = verifier(config("", null, "", null, "user_id"));

        assertThat(v.verifyConnectToken(hs256("{\"sub\":\"ignored\",\"user_id\":\"42\"}")).userId()).isEqualTo("42");
        assertThat(v.verifySubscriptionToken(hs256("{\"channel\":\"c\",\"user_id\":\"42\"}")).userId()).isEqualTo("42");
        assertThat(v.verifyConnectToken(hs256("{\"sub\":\"ignored\"}")).userId()).isEmpty();
    }

    @Test
    void userIdClaimReadsScalarsAsStringsLikeGjson() throws Exception {
        TokenVerifier v = verifier(config("", null, "", null, "uid"));

        assertThat(v.verifyConnectToken(hs256("{\"uid\":42}")).userId()).isEqualTo("42");
        assertThat(v.verifyConnectToken(hs256("{\"uid\":12345678901234567890}")).userId()).isEqualTo("12345678901234567890");
        assertThat(v.verifyConnectToken(hs256("{\"uid\":1.50}")).userId()).isEqualTo("1.5");
        assertThat(v.verifyConnectToken(hs256("{\"uid\":1e3}")).userId()).isEqualTo("1000");
        assertThat(v.verifyConnectToken(hs256("{\"uid\":true}")).userId()).isEqualTo("true");
        assertThat(v.verifyConnectToken(hs256("{\"uid\":null}")).userId()).isEmpty();
        assertInvalid(v, "{\"uid\":{\"id\":1}}");
        assertInvalid(v, "{\"uid\":[1]}");
    }

    @Test
    void subIsTypeCheckedEvenWithAUserIdClaim() {
        assertInvalid(verifier(config("", null, "", null, "uid")), "{\"uid\":\"42\",\"sub\":42}");
    }

    private static void assertInvalid(TokenVerifier v, String payload) {
        assertThatThrownBy(() -> v.verifyConnectToken(hs256(payload)))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
        String subPayload = payload.replaceFirst("\\{", payload.equals("{}") ? "{\"channel\":\"c\"" : "{\"channel\":\"c\",");
        assertThatThrownBy(() -> v.verifySubscriptionToken(hs256(subPayload)))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }
}
