package io.xshathra.engine.token;

import static io.xshathra.engine.token.TestJwt.HS256_HEADER;
import static io.xshathra.engine.token.TestJwt.NOW;
import static io.xshathra.engine.token.TestJwt.SECRET;
import static io.xshathra.engine.token.TestJwt.b64;
import static io.xshathra.engine.token.TestJwt.hs256;
import static io.xshathra.engine.token.TestJwt.signed;
import static io.xshathra.engine.token.TestJwt.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.xshathra.engine.config.TokenConfig;
import io.xshathra.engine.token.TokenException.Reason;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Algorithms, keys and key rotation (spec §5.1). */
class TokenSignatureTest {

    @Test
    void jwtIoReferenceTokenVerifies() throws Exception {
        String token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                + "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
                + "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        ConnectToken ct = verifier(TokenConfig.hmac("your-256-bit-secret")).verifyConnectToken(token);
        assertThat(ct.userId()).isEqualTo("1234567890");
    }

    @Test
    void shortSecretTokenMadeWithOpensslVerifies() throws Exception {
        // printf '%s' "$h.$p" | openssl dgst -sha256 -hmac secret -binary | base64url
        String token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                + "eyJzdWIiOiI0MiIsImV4cCI6MTcwMDAwMzYwMCwiaW5mbyI6eyJuYW1lIjoiQW5uIn19."
                + "cGvUv6oa4HMoGis2hwtbsdsgbZaOyukDhVzNoIMmJRs";
        ConnectToken ct = verifier(TokenConfig.hmac("secret")).verifyConnectToken(token);
        assertThat(ct.userId()).isEqualTo("42");
        assertThat(ct.expireAt()).isEqualTo(1_700_003_600L);
    }

    @ParameterizedTest
    @CsvSource({"HS256,HmacSHA256", "HS384,HmacSHA384", "HS512,HmacSHA512"})
    void everyHmacAlgorithmIsAccepted(String alg, String mac) throws Exception {
        String token = signed("{\"alg\":\"" + alg + "\"}", "{\"sub\":\"u\"}", mac, SECRET);
        assertThat(verifier().verifyConnectToken(token).userId()).isEqualTo("u");
    }

    @Test
    void multiByteSecretIsUsedAsUtf8() throws Exception {
        String secret = "s\u00e9cr\u00e8t-\u2603";
        String token = signed(HS256_HEADER, "{\"sub\":\"u\"}", "HmacSHA256", secret);
        assertThat(verifier(TokenConfig.hmac(secret)).verifyConnectToken(token).userId()).isEqualTo("u");
    }

    @Test
    void wrongSecretIsInvalid() {
        assertInvalid(() -> verifier().verifyConnectToken(signed(HS256_HEADER, "{}", "HmacSHA256", "other")));
    }

    @Test
    void headerAlgorithmMustMatchTheSignature() {
        String hs512SignedAsHs256 = b64(HS256_HEADER) + "." + b64("{}") + "."
                + b64(TestJwt.mac("HmacSHA512", SECRET, b64(HS256_HEADER) + "." + b64("{}")));
        assertInvalid(() -> verifier().verifyConnectToken(hs512SignedAsHs256));
    }

    @Test
    void tamperedPayloadIsInvalid() {
        String[] parts = hs256("{\"sub\":\"user\"}").split("\\.");
        String forged = parts[0] + "." + b64("{\"sub\":\"admin\"}") + "." + parts[2];
        assertInvalid(() -> verifier().verifyConnectToken(forged));
    }

    @Test
    void algNoneIsInvalid() {
        String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64("{\"sub\":\"admin\"}") + ".";
        assertInvalid(() -> verifier().verifyConnectToken(unsigned));
        assertInvalid(() -> verifier().verifySubscriptionToken(unsigned));
        String noneWithSignature = signed("{\"alg\":\"none\"}", "{\"sub\":\"admin\"}", "HmacSHA256", SECRET);
        assertInvalid(() -> verifier().verifyConnectToken(noneWithSignature));
    }

    @Test
    void hmacSignedTokenClaimingRs256IsInvalid() {
        // The classic algorithm confusion attack: an HMAC signature under an asymmetric alg.
        String token = signed("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", "{\"sub\":\"u\"}", "HmacSHA256", SECRET);
        assertInvalid(() -> verifier().verifyConnectToken(token));
    }

    @Test
    void genuineRsaAndEcdsaTokensAreInvalidWithoutSuchKeys() throws Exception {
        Payload payload = new Payload("{\"sub\":\"u\"}");
        JWSObject rs = new JWSObject(new JWSHeader(JWSAlgorithm.RS256), payload);
        rs.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
        JWSObject es = new JWSObject(new JWSHeader(JWSAlgorithm.ES256), payload);
        es.sign(new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate()));

        assertThatThrownBy(() -> verifier().verifyConnectToken(rs.serialize()))
                .isInstanceOf(TokenException.class).hasMessageContaining("RS256");
        assertInvalid(() -> verifier().verifyConnectToken(es.serialize()));
    }

    @Test
    void unknownOrEncryptionAlgorithmIsInvalid() {
        assertInvalid(() -> verifier().verifyConnectToken(signed("{\"alg\":\"HS999\"}", "{}", "HmacSHA256", SECRET)));
        assertInvalid(() -> verifier().verifyConnectToken(signed("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}", "{}",
                "HmacSHA256", SECRET)));
        assertInvalid(() -> verifier().verifyConnectToken(signed("{\"typ\":\"JWT\"}", "{}", "HmacSHA256", SECRET)));
        assertInvalid(() -> verifier().verifyConnectToken(signed("{\"alg\":256}", "{}", "HmacSHA256", SECRET)));
    }

    @Test
    void criticalHeaderExtensionsAreRefused() {
        assertInvalid(() -> verifier().verifyConnectToken(signed(
                "{\"alg\":\"HS256\",\"crit\":[\"exp\"],\"exp\":1}", "{}", "HmacSHA256", SECRET)));
        assertInvalid(() -> verifier().verifyConnectToken(signed(
                "{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}", "{}", "HmacSHA256", SECRET)));
    }

    @Test
    void noHmacSecretMeansHmacTokensAreInvalid() {
        TokenVerifier none = verifier(TokenConfig.hmac(""));
        assertInvalid(() -> none.verifyConnectToken(hs256("{}")));
    }

    @Test
    void previousSecretIsAcceptedUntilValidUntil() throws Exception {
        String oldToken = signed(HS256_HEADER, "{\"sub\":\"u\"}", "HmacSHA256", "old-secret");
        String newToken = hs256("{\"sub\":\"u\"}");

        TokenVerifier beforeDeadline = verifier(rotation(NOW + 1));
        assertThat(beforeDeadline.verifyConnectToken(oldToken).userId()).isEqualTo("u");
        assertThat(beforeDeadline.verifyConnectToken(newToken).userId()).isEqualTo("u");
        assertThat(beforeDeadline.verifySubscriptionToken(signed(HS256_HEADER, "{\"channel\":\"c\"}",
                "HmacSHA256", "old-secret")).channel()).isEqualTo("c");

        for (long deadline : new long[] {NOW, NOW - 1}) {
            TokenVerifier afterDeadline = verifier(rotation(deadline));
            assertInvalid(() -> afterDeadline.verifyConnectToken(oldToken));
            assertThat(afterDeadline.verifyConnectToken(newToken).userId()).isEqualTo("u");
        }
    }

    @Test
    void previousSecretWithoutDeadlineIsAcceptedIndefinitely() throws Exception {
        String token = signed("{\"alg\":\"HS512\"}", "{\"sub\":\"u\"}", "HmacSHA512", "old-secret");
        assertThat(verifier(rotation(0)).verifyConnectToken(token).userId()).isEqualTo("u");
    }

    @Test
    void unrelatedSecretIsInvalidEvenDuringRotation() {
        String token = signed(HS256_HEADER, "{}", "HmacSHA256", "third-secret");
        assertInvalid(() -> verifier(rotation(0)).verifyConnectToken(token));
    }

    private static TokenConfig rotation(long validUntil) {
        return new TokenConfig(SECRET, "old-secret", validUntil, "", null, "", null, "");
    }

    private static void assertInvalid(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(TokenException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }
}
