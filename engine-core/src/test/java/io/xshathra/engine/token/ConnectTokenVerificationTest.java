package io.xshathra.engine.token;

import static io.xshathra.engine.token.TestJwt.NOW;
import static io.xshathra.engine.token.TestJwt.hs256;
import static io.xshathra.engine.token.TestJwt.utf8;
import static io.xshathra.engine.token.TestJwt.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.token.TokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectTokenVerificationTest {

    @Test
    void everyClaimIsReadFromAValidToken() throws Exception {
        String token = hs256("""
                {"sub":"user-1","exp":%d,"iat":%d,"nbf":%d,"jti":"j1","aud":"app","iss":"xshathra",
                 "info":{"name":"Ann", "tags": [1, 2.50, true]},
                 "channels":["news","public:lobby"],
                 "subs":{"chat:1":{"info":{"role":"admin"},"data":{"welcome":1},
                                   "override":{"presence":{"value":true},"join_leave":{"value":false},
                                               "force_push_join_leave":{},"force_recovery":{"value":true},
                                               "force_positioning":null}},
                         "alerts":{"b64info":"AAEC","b64data":"/w=="},
                         "empty":{}},
                 "meta":{"plan":"pro"},"expire_at":%d,"projectId":"proj_01HX"}
                """.formatted(NOW + 600, NOW - 10, NOW - 10, NOW + 3600));

        ConnectToken ct = verifier().verifyConnectToken(token);

        assertThat(ct.userId()).isEqualTo("user-1");
        assertThat(ct.expireAt()).isEqualTo(NOW + 3600);
        assertThat(utf8(ct.info())).isEqualTo("{\"name\":\"Ann\",\"tags\":[1,2.50,true]}");
        assertThat(ct.channels()).containsExactly("news", "public:lobby");
        assertThat(ct.subs()).containsOnlyKeys("chat:1", "alerts", "empty");
        assertThat(ct.subs().keySet()).containsExactly("chat:1", "alerts", "empty");
        SubscribeOptions chat = ct.subs().get("chat:1");
        assertThat(utf8(chat.info())).isEqualTo("{\"role\":\"admin\"}");
        assertThat(utf8(chat.data())).isEqualTo("{\"welcome\":1}");
        assertThat(chat.override()).isEqualTo(new SubscribeOptionOverride(true, false, false, true, null));
        SubscribeOptions alerts = ct.subs().get("alerts");
        assertThat(alerts.info()).containsExactly(0, 1, 2);
        assertThat(alerts.data()).containsExactly(0xff);
        assertThat(alerts.override()).isNull();
        assertThat(ct.subs().get("empty")).isEqualTo(SubscribeOptions.NONE);
        assertThat(utf8(ct.meta())).isEqualTo("{\"plan\":\"pro\"}");
        assertThat(ct.projectId()).isEqualTo("proj_01HX");
    }

    @Test
    void minimalTokenIsAnonymousWithNothingSet() throws Exception {
        ConnectToken ct = verifier().verifyConnectToken(hs256("{}"));

        assertThat(ct.userId()).isEmpty();
        assertThat(ct.expireAt()).isZero();
        assertThat(ct.info()).isNull();
        assertThat(ct.meta()).isNull();
        assertThat(ct.channels()).isEmpty();
        assertThat(ct.subs()).isEmpty();
        assertThat(ct.projectId()).isEmpty();
    }

    @Test
    void nullClaimsCountAsAbsent() throws Exception {
        ConnectToken ct = verifier().verifyConnectToken(hs256("""
                {"sub":null,"exp":null,"info":null,"b64info":null,"channels":null,"subs":{"a":null},
                 "meta":null,"expire_at":null,"projectId":null,"channel":null}"""));

        assertThat(ct.userId()).isEmpty();
        assertThat(ct.expireAt()).isZero();
        assertThat(ct.info()).isNull();
        assertThat(ct.subs()).containsEntry("a", SubscribeOptions.NONE);
    }

    @Test
    void b64infoWinsOverInfoAndEmptyB64infoIsIgnored() throws Exception {
        String bin = Base64.getEncoder().encodeToString("bin".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier().verifyConnectToken(hs256("{\"info\":{\"a\":1},\"b64info\":\"" + bin + "\"}")).info())
                .isEqualTo("bin".getBytes(StandardCharsets.UTF_8));
        assertThat(utf8(verifier().verifyConnectToken(hs256("{\"info\":{\"a\":1},\"b64info\":\"\"}")).info()))
                .isEqualTo("{\"a\":1}");
    }

    @Test
    void infoKeepsAnyJsonCompactly() throws Exception {
        assertThat(utf8(verifier().verifyConnectToken(hs256("{\"info\": [ 1 , \"x\" ]}")).info())).isEqualTo("[1,\"x\"]");
        assertThat(utf8(verifier().verifyConnectToken(hs256("{\"info\":\"text\"}")).info())).isEqualTo("\"text\"");
        assertThat(utf8(verifier().verifyConnectToken(hs256("{\"info\":1e400}")).info())).isEqualTo("1E+400");
        assertThat(utf8(verifier().verifyConnectToken(hs256("{\"info\":12345678901234567890123}")).info()))
                .isEqualTo("12345678901234567890123");
    }

    @Test
    void expireAtFallsBackToExp() throws Exception {
        assertThat(verifier().verifyConnectToken(hs256("{\"exp\":" + (NOW + 60) + "}")).expireAt()).isEqualTo(NOW + 60);
        assertThat(verifier().verifyConnectToken(hs256("{\"exp\":" + (NOW + 60) + ".75}")).expireAt()).isEqualTo(NOW + 60);
    }

    @Test
    void expireAtZeroOrNegativeMeansNeverEvenWithExp() throws Exception {
        assertThat(verifier().verifyConnectToken(hs256("{\"exp\":" + (NOW + 60) + ",\"expire_at\":0}")).expireAt()).isZero();
        assertThat(verifier().verifyConnectToken(hs256("{\"expire_at\":-5}")).expireAt()).isZero();
    }

    @Test
    void expireAtInThePastIsReturnedForTheCallerToRefuse() throws Exception {
        assertThat(verifier().verifyConnectToken(hs256("{\"expire_at\":" + (NOW - 1) + "}")).expireAt()).isEqualTo(NOW - 1);
    }

    @Test
    void expiryIsCappedAtOneYearAhead() throws Exception {
        long cap = NOW + 365L * 24 * 3600;
        assertThat(verifier().verifyConnectToken(hs256("{\"expire_at\":" + (cap + 1) + "}")).expireAt()).isEqualTo(cap);
        assertThat(verifier().verifyConnectToken(hs256("{\"exp\":9223372036854775807}")).expireAt()).isEqualTo(cap);
        assertThat(verifier().verifyConnectToken(hs256("{\"exp\":1e300}")).expireAt()).isEqualTo(cap);
    }

    @Test
    void numericDateMayBeANumericString() throws Exception {
        // Go's json.Number accepts a quoted number, so Centrifugo does too.
        assertThat(verifier().verifyConnectToken(hs256("{\"exp\":\"" + (NOW + 60) + "\"}")).expireAt()).isEqualTo(NOW + 60);
    }

    @Test
    void emptyChannelClaimIsToleratedLikeTheReference() throws Exception {
        assertThat(verifier().verifyConnectToken(hs256("{\"sub\":\"u\",\"channel\":\"\"}")).userId()).isEqualTo("u");
    }

    @Test
    void channelClaimMakesAConnectionTokenInvalid() {
        assertThatThrownBy(() -> verifier().verifyConnectToken(hs256("{\"sub\":\"u\",\"channel\":\"news\"}")))
                .isInstanceOf(TokenException.class)
                .hasFieldOrPropertyWithValue("reason", Reason.INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"sub\":123}",
        "{\"sub\":true}",
        "{\"sub\":{\"id\":1}}",
        "{\"channels\":\"news\"}",
        "{\"channels\":[\"news\",1]}",
        "{\"channels\":[null]}",
        "{\"subs\":[\"news\"]}",
        "{\"subs\":{\"news\":true}}",
        "{\"subs\":{\"news\":{\"b64info\":\"not base64!\"}}}",
        "{\"subs\":{\"news\":{\"override\":{\"presence\":true}}}}",
        "{\"subs\":{\"news\":{\"override\":{\"presence\":{\"value\":\"yes\"}}}}}",
        "{\"subs\":{\"news\":{\"override\":[]}}}",
        "{\"exp\":\"tomorrow\"}",
        "{\"exp\":true}",
        "{\"exp\":[1]}",
        "{\"exp\":1e400}",
        "{\"nbf\":\"soon\"}",
        "{\"iat\":{}}",
        "{\"jti\":5}",
        "{\"aud\":5}",
        "{\"aud\":[\"a\",5]}",
        "{\"iss\":[\"a\"]}",
        "{\"expire_at\":1.5}",
        "{\"expire_at\":\"123\"}",
        "{\"expire_at\":99999999999999999999}",
        "{\"b64info\":\"***\"}",
        "{\"b64info\":5}",
        "{\"projectId\":42}",
        "{\"projectId\":[\"p\"]}",
        "{\"channel\":5}",
    })
    void claimOfTheWrongTypeIsInvalid(String payload) {
        assertThatThrownBy(() -> verifier().verifyConnectToken(hs256(payload)))
                .isInstanceOfSatisfying(TokenException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID);
                    assertThat(e.getMessage()).doesNotContain(TestJwt.SECRET);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "null", "\"text\"", "42", "{\"sub\":\"u\"} {}", "{\"sub\":", "", "\u00ff\u00fe"})
    void payloadThatIsNotOneJsonObjectIsInvalid(String payload) {
        assertThatThrownBy(() -> verifier().verifyConnectToken(hs256(payload)))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }

    @Test
    void messagesNeverContainTheToken() {
        String token = hs256("{\"sub\":7}");
        assertThatThrownBy(() -> verifier().verifyConnectToken(token))
                .isInstanceOfSatisfying(TokenException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain(token).contains("'sub'");
                    assertThat(e.toString()).contains("INVALID");
                });
    }
}
