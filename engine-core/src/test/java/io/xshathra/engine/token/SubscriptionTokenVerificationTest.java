package io.xshathra.engine.token;

import static io.xshathra.engine.token.TestJwt.NOW;
import static io.xshathra.engine.token.TestJwt.hs256;
import static io.xshathra.engine.token.TestJwt.utf8;
import static io.xshathra.engine.token.TestJwt.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.token.TokenException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Subscription token claims (spec §5.3). */
class SubscriptionTokenVerificationTest {

    @Test
    void everyClaimIsRead() throws Exception {
        SubscriptionToken st = verifier().verifySubscriptionToken(hs256("""
                {"sub":"user-1","channel":"chat:proj_1:room","client":"c-123","exp":%d,"iat":%d,
                 "aud":"app","iss":"xshathra","info":{"role":"mod"},"data":{"motd":"hi"},
                 "override":{"presence":{"value":false},"force_recovery":{"value":true}},
                 "projectId":"proj_1"}""".formatted(NOW + 300, NOW)));

        assertThat(st.userId()).isEqualTo("user-1");
        assertThat(st.channel()).isEqualTo("chat:proj_1:room");
        assertThat(st.client()).isEqualTo("c-123");
        assertThat(st.expireAt()).isEqualTo(NOW + 300);
        assertThat(utf8(st.info())).isEqualTo("{\"role\":\"mod\"}");
        assertThat(utf8(st.data())).isEqualTo("{\"motd\":\"hi\"}");
        assertThat(st.override()).isEqualTo(new SubscribeOptionOverride(false, null, null, true, null));
        assertThat(st.projectId()).isEqualTo("proj_1");
    }

    @Test
    void minimalTokenHasDefaults() throws Exception {
        SubscriptionToken st = verifier().verifySubscriptionToken(hs256("{\"channel\":\"news\"}"));

        assertThat(st).isEqualTo(new SubscriptionToken("", "news", "", 0, null, null, null, ""));
    }

    @Test
    void base64VariantsWin() throws Exception {
        SubscriptionToken st = verifier().verifySubscriptionToken(hs256(
                "{\"channel\":\"c\",\"info\":1,\"b64info\":\"AQ==\",\"data\":2,\"b64data\":\"Ag==\"}"));

        assertThat(st.info()).containsExactly(1);
        assertThat(st.data()).containsExactly(2);
    }

    @Test
    void expireAtRules() throws Exception {
        assertThat(verifier().verifySubscriptionToken(hs256(
                "{\"channel\":\"c\",\"exp\":" + (NOW + 10) + ",\"expire_at\":" + (NOW + 99) + "}")).expireAt())
                .isEqualTo(NOW + 99);
        assertThat(verifier().verifySubscriptionToken(hs256(
                "{\"channel\":\"c\",\"exp\":" + (NOW + 10) + ",\"expire_at\":0}")).expireAt()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"channel\":\"\"}", "{\"channel\":null}", "{\"sub\":\"u\",\"info\":{}}"})
    void missingOrEmptyChannelIsInvalid(String payload) {
        assertThatThrownBy(() -> verifier().verifySubscriptionToken(hs256(payload)))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }

    @Test
    void expiredTokenWithoutChannelIsExpiredAsInTheReference() {
        assertThatThrownBy(() -> verifier().verifySubscriptionToken(hs256("{\"exp\":" + (NOW - 1) + "}")))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"channel\":5}",
        "{\"channel\":[\"a\"]}",
        "{\"channel\":\"c\",\"client\":5}",
        "{\"channel\":\"c\",\"sub\":5}",
        "{\"channel\":\"c\",\"b64data\":\"%%%\"}",
        "{\"channel\":\"c\",\"override\":{\"join_leave\":[]}}",
        "{\"channel\":\"c\",\"override\":\"yes\"}",
        "{\"channel\":\"c\",\"expire_at\":\"soon\"}",
        "{\"channel\":\"c\",\"projectId\":{}}",
    })
    void claimOfTheWrongTypeIsInvalid(String payload) {
        assertThatThrownBy(() -> verifier().verifySubscriptionToken(hs256(payload)))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }

    @Test
    void connectionTokenWithoutChannelIsNotASubscriptionToken() {
        String connectionToken = hs256("{\"sub\":\"u\",\"channels\":[\"news\"]}");
        assertThatThrownBy(() -> verifier().verifySubscriptionToken(connectionToken))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }
}
