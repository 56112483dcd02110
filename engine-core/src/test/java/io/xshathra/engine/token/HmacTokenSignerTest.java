package io.xshathra.engine.token;

import static io.xshathra.engine.token.TestJwt.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACVerifier;
import io.xshathra.engine.config.TokenConfig;
import io.xshathra.engine.token.TokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HmacTokenSignerTest {

    @Test
    void shortSecretRoundTrip() throws Exception {
        String token = new HmacTokenSigner("secret").sign(Map.of(
                "sub", "42", "exp", NOW + 60, "info", Map.of("name", "Ann"),
                "channels", List.of("news"), "projectId", "proj_1"));

        ConnectToken ct = TestJwt.verifier(TokenConfig.hmac("secret")).verifyConnectToken(token);

        assertThat(ct.userId()).isEqualTo("42");
        assertThat(ct.expireAt()).isEqualTo(NOW + 60);
        assertThat(TestJwt.utf8(ct.info())).isEqualTo("{\"name\":\"Ann\"}");
        assertThat(ct.channels()).containsExactly("news");
        assertThat(ct.projectId()).isEqualTo("proj_1");
    }

    @Test
    void singleCharacterSecretWorks() throws Exception {
        String token = new HmacTokenSigner("k").sign(Map.of("channel", "news"));
        assertThat(TestJwt.verifier(TokenConfig.hmac("k")).verifySubscriptionToken(token).channel()).isEqualTo("news");
    }

    @Test
    void signatureIsIndependentHmacSha256OverHeaderAndPayload() {
        String token = new HmacTokenSigner("secret").sign(Map.of("sub", "u"));
        String[] parts = token.split("\\.");

        assertThat(parts).hasSize(3);
        assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8))
                .contains("\"alg\":\"HS256\"").contains("\"typ\":\"JWT\"");
        assertThat(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)).isEqualTo("{\"sub\":\"u\"}");
        assertThat(parts[2]).isEqualTo(TestJwt.b64(TestJwt.mac("HmacSHA256", "secret", parts[0] + "." + parts[1])));
        assertThat(token).doesNotContain("=");
    }

    @Test
    void longSecretTokensInteroperateWithNimbus() throws Exception {
        String secret = "a-secret-long-enough-for-nimbus-mac-verifier-0123456789";
        String token = new HmacTokenSigner(secret).sign(Map.of("sub", "u"));

        assertThat(JWSObject.parse(token).verify(new MACVerifier(secret))).isTrue();
    }

    @Test
    void claimOrderIsKept() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "u");
        claims.put("exp", 1);
        claims.put("aud", List.of("a", "b"));
        String payload = new String(Base64.getUrlDecoder().decode(
                new HmacTokenSigner("s").sign(claims).split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(payload).isEqualTo("{\"sub\":\"u\",\"exp\":1,\"aud\":[\"a\",\"b\"]}");
    }

    @Test
    void otherSecretDoesNotVerify() {
        String token = new HmacTokenSigner("secret").sign(Map.of("sub", "u"));
        assertThatThrownBy(() -> TestJwt.verifier(TokenConfig.hmac("secret2")).verifyConnectToken(token))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }

    @Test
    void emptySecretAndUnserialisableClaimsAreRefused() {
        assertThatThrownBy(() -> new HmacTokenSigner("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HmacTokenSigner(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new HmacTokenSigner("s").sign(Map.of("x", new Object())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
