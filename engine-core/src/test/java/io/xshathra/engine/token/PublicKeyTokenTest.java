package io.xshathra.engine.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.config.TokenConfig;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PublicKeyTokenTest {

    private static final KeyPair RSA = TestKeys.rsa();
    private static final KeyPair OTHER_RSA = TestKeys.rsa();
    private static final KeyPair P256 = TestKeys.ec("secp256r1");
    private static final KeyPair P384 = TestKeys.ec("secp384r1");
    private static final KeyPair P521 = TestKeys.ec("secp521r1");
    private static final String CLAIMS = "{\"sub\":\"42\",\"exp\":" + (TestJwt.NOW + 60) + "}";

    private static TokenVerifier verifier(String rsaPem, String ecPem) {
        return TestJwt.verifier(TokenConfig.hmac("").withPublicKeys(rsaPem, ecPem, ""));
    }

    private static KeyPair ecFor(String alg) {
        return switch (alg) {
            case "ES256" -> P256;
            case "ES384" -> P384;
            default -> P521;
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512"})
    void rsaAlgorithmsVerify(String alg) throws TokenException {
        TokenVerifier v = verifier(TestKeys.pem(RSA.getPublic()), "");
        ConnectToken t = v.verifyConnectToken(TestKeys.sign(alg, null, RSA.getPrivate(), CLAIMS));
        assertThat(t.userId()).isEqualTo("42");
        assertThat(t.expireAt()).isEqualTo(TestJwt.NOW + 60);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "ES384", "ES512"})
    void ecdsaAlgorithmsVerifyWithTheirCurve(String alg) throws TokenException {
        KeyPair kp = ecFor(alg);
        TokenVerifier v = verifier("", TestKeys.pem(kp.getPublic()));
        assertThat(v.verifyConnectToken(TestKeys.sign(alg, null, kp.getPrivate(), CLAIMS)).userId()).isEqualTo("42");
    }

    @Test
    void rsaAndEcdsaAndHmacTogether() throws TokenException {
        TokenVerifier v = TestJwt.verifier(TokenConfig.hmac(TestJwt.SECRET)
                .withPublicKeys(TestKeys.pem(RSA.getPublic()), TestKeys.pem(P256.getPublic()), ""));
        assertThat(v.verifyConnectToken(TestKeys.sign("RS256", null, RSA.getPrivate(), CLAIMS)).userId()).isEqualTo("42");
        assertThat(v.verifyConnectToken(TestKeys.sign("ES256", null, P256.getPrivate(), CLAIMS)).userId()).isEqualTo("42");
        assertThat(v.verifyConnectToken(TestJwt.hs256(CLAIMS)).userId()).isEqualTo("42");
    }

    @Test
    void pkcs1PemIsAccepted() throws TokenException {
        TokenVerifier v = verifier(TestKeys.pkcs1Pem((RSAPublicKey) RSA.getPublic()), "");
        assertThat(v.verifyConnectToken(TestKeys.sign("RS256", null, RSA.getPrivate(), CLAIMS)).userId()).isEqualTo("42");
    }

    @Test
    void wrongKeyIsInvalid() {
        TokenVerifier v = verifier(TestKeys.pem(RSA.getPublic()), TestKeys.pem(P256.getPublic()));
        assertInvalid(v, TestKeys.sign("RS256", null, OTHER_RSA.getPrivate(), CLAIMS));
        assertInvalid(v, TestKeys.sign("ES256", null, TestKeys.ec("secp256r1").getPrivate(), CLAIMS));
    }

    @ParameterizedTest
    @CsvSource({"ES384", "ES512", "HS256", "PS256", "EdDSA"})
    void algorithmWithoutConfiguredKeyIsInvalid(String alg) {
        TokenVerifier v = verifier(TestKeys.pem(RSA.getPublic()), TestKeys.pem(P256.getPublic()));
        String token = alg.startsWith("HS") ? TestJwt.hs256(CLAIMS)
                : alg.equals("EdDSA") ? TestKeys.sign(alg, null, TestKeys.ed25519().getPrivate(), CLAIMS)
                : alg.startsWith("ES") ? TestKeys.sign(alg, null, ecFor(alg).getPrivate(), CLAIMS)
                : TestKeys.sign("RS256", null, RSA.getPrivate(), CLAIMS).replaceFirst("^[^.]+",
                        TestJwt.b64("{\"alg\":\"PS256\"}"));
        assertInvalid(v, token);
    }

    @Test
    void rsaSignatureUnderEcdsaHeaderIsInvalid() {
        TokenVerifier v = verifier(TestKeys.pem(RSA.getPublic()), TestKeys.pem(P256.getPublic()));
        String rs = TestKeys.sign("RS256", null, RSA.getPrivate(), CLAIMS);
        String swapped = TestJwt.b64("{\"alg\":\"ES256\"}") + rs.substring(rs.indexOf('.'));
        assertInvalid(v, swapped);
    }

    @Test
    void algNoneIsInvalid() {
        TokenVerifier v = verifier(TestKeys.pem(RSA.getPublic()), "");
        assertInvalid(v, TestJwt.b64("{\"alg\":\"none\"}") + "." + TestJwt.b64(CLAIMS) + ".");
        assertInvalid(v, TestJwt.b64("{\"alg\":\"none\"}") + "." + TestJwt.b64(CLAIMS) + ".AAAA");
    }

    @Test
    void derEncodedEcdsaSignatureIsInvalid() {
        TokenVerifier v = verifier("", TestKeys.pem(P256.getPublic()));
        String input = TestJwt.b64("{\"alg\":\"ES256\"}") + "." + TestJwt.b64(CLAIMS);
        byte[] der = TestKeys.signWith("SHA256withECDSA", P256.getPrivate(), input.getBytes(StandardCharsets.US_ASCII));
        assertInvalid(v, input + "." + TestJwt.b64(der));
    }

    @Test
    void expiredIsExpired() {
        TokenVerifier v = verifier(TestKeys.pem(RSA.getPublic()), "");
        String token = TestKeys.sign("RS256", null, RSA.getPrivate(), "{\"sub\":\"42\",\"exp\":" + TestJwt.NOW + "}");
        assertThatThrownBy(() -> v.verifyConnectToken(token))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.EXPIRED));
    }

    @Test
    void audienceAndIssuerAreChecked() throws TokenException {
        TokenConfig cfg = new TokenConfig("", "", 0, "app", null, "idp", Pattern.compile("^id"), "uid")
                .withPublicKeys("", TestKeys.pem(P256.getPublic()), "");
        TokenVerifier v = TestJwt.verifier(cfg);
        String ok = TestKeys.sign("ES256", null, P256.getPrivate(), "{\"uid\":\"u1\",\"aud\":[\"x\",\"app\"],\"iss\":\"idp\"}");
        assertThat(v.verifyConnectToken(ok).userId()).isEqualTo("u1");
        assertInvalid(v, TestKeys.sign("ES256", null, P256.getPrivate(), "{\"uid\":\"u1\",\"aud\":\"other\",\"iss\":\"idp\"}"));
        assertInvalid(v, TestKeys.sign("ES256", null, P256.getPrivate(), "{\"uid\":\"u1\",\"aud\":\"app\",\"iss\":\"evil\"}"));
        assertInvalid(v, TestKeys.sign("ES256", null, P256.getPrivate(), "{\"uid\":\"u1\",\"aud\":\"app\"}"));
    }

    @Test
    void subscriptionTokensUseTheSameKeys() throws TokenException {
        TokenVerifier v = verifier(TestKeys.pem(RSA.getPublic()), "");
        SubscriptionToken t = v.verifySubscriptionToken(TestKeys.sign("RS384", null, RSA.getPrivate(),
                "{\"sub\":\"42\",\"channel\":\"news\"}"));
        assertThat(t.channel()).isEqualTo("news");
    }

    @Test
    void badKeyMaterialIsRefusedAtConstruction() {
        assertThatThrownBy(() -> verifier("not a pem", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier(TestKeys.pem(P256.getPublic()), "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RSA");
        assertThatThrownBy(() -> verifier("", TestKeys.pem(RSA.getPublic()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static void assertInvalid(TokenVerifier v, String token) {
        assertThatThrownBy(() -> v.verifyConnectToken(token))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.INVALID));
    }
}
