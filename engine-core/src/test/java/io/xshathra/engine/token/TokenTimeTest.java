package io.xshathra.engine.token;

import static io.xshathra.engine.token.TestJwt.NOW;
import static io.xshathra.engine.token.TestJwt.hs256;
import static io.xshathra.engine.token.TestJwt.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.config.TokenConfig;
import io.xshathra.engine.token.TokenException.Reason;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code exp} and {@code nbf}: no leeway, both reported as expired, always by the injected clock. */
class TokenTimeTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "-3600", "-0.5"})
    void expAtOrBeforeNowIsExpired(String offset) {
        String exp = new BigDecimal(NOW).add(new BigDecimal(offset)).toPlainString();
        assertReason("{\"exp\":" + exp + "}", Reason.EXPIRED);
    }

    @Test
    void expAfterNowIsAccepted() throws Exception {
        assertThat(verifier().verifyConnectToken(hs256("{\"exp\":" + (NOW + 1) + "}")).expireAt()).isEqualTo(NOW + 1);
        assertThat(verifier().verifyConnectToken(hs256("{\"exp\":" + NOW + ".25}")).expireAt()).isEqualTo(NOW);
    }

    @Test
    void nbfInTheFutureIsReportedAsExpired() {
        assertReason("{\"nbf\":" + (NOW + 30) + ",\"exp\":" + (NOW + 60) + "}", Reason.EXPIRED);
    }

    @Test
    void nbfEqualToNowIsNotYetValidAsInTheReference() {
        // cristalhq/jwt: valid only when nbf.Before(now).
        assertReason("{\"nbf\":" + NOW + "}", Reason.EXPIRED);
    }

    @Test
    void nbfInThePastIsAccepted() throws Exception {
        assertThat(verifier().verifyConnectToken(hs256("{\"sub\":\"u\",\"nbf\":" + (NOW - 1) + "}")).userId()).isEqualTo("u");
        assertThat(verifier().verifyConnectToken(hs256("{\"sub\":\"u\",\"nbf\":" + (NOW - 1) + ".5}")).userId()).isEqualTo("u");
    }

    @Test
    void iatIsNotValidated() throws Exception {
        assertThat(verifier().verifyConnectToken(hs256("{\"iat\":" + (NOW + 9999) + "}")).userId()).isEmpty();
    }

    @Test
    void theInjectedClockDecides() throws Exception {
        String token = hs256("{\"exp\":" + (NOW + 60) + "}");
        TokenVerifier later = new TokenVerifier(TokenConfig.hmac(TestJwt.SECRET),
                Clock.fixed(Instant.ofEpochSecond(NOW + 61), ZoneOffset.UTC));

        assertThat(verifier().verifyConnectToken(token).expireAt()).isEqualTo(NOW + 60);
        assertThatThrownBy(() -> later.verifyConnectToken(token))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    }

    @Test
    void anInvalidClaimOutranksExpiry() {
        TokenVerifier withAudience = TestJwt.verifier(TestJwt.config("app", null, "", null, ""));
        String expiredForOtherAudience = hs256("{\"aud\":\"other\",\"exp\":" + (NOW - 10) + "}");
        assertThatThrownBy(() -> withAudience.verifyConnectToken(expiredForOtherAudience))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
        assertThatThrownBy(() -> verifier().verifyConnectToken(hs256("{\"channel\":\"news\",\"exp\":" + (NOW - 10) + "}")))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
        assertReason("{\"sub\":1,\"exp\":" + (NOW - 10) + "}", Reason.INVALID);
    }

    @Test
    void expiredTokenWithBadSignatureIsInvalid() {
        String token = TestJwt.signed(TestJwt.HS256_HEADER, "{\"exp\":" + (NOW - 10) + "}", "HmacSHA256", "other");
        assertThatThrownBy(() -> verifier().verifyConnectToken(token))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }

    @Test
    void matchingAudienceStillHonoursExpiry() {
        TokenVerifier v = TestJwt.verifier(TestJwt.config("", Pattern.compile("^app$"), "", null, ""));
        assertThatThrownBy(() -> v.verifyConnectToken(hs256("{\"aud\":\"app\",\"exp\":" + NOW + "}")))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    }

    private static void assertReason(String payload, Reason reason) {
        assertThatThrownBy(() -> verifier().verifyConnectToken(hs256(payload)))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(reason));
        assertThatThrownBy(() -> verifier().verifySubscriptionToken(hs256(
                payload.replaceFirst("\\{", "{\"channel\":\"c\","))))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
