package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.config.TokenConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public-key and JWKS token options: v6 keys, v5 keys, environment, and bad key material. */
class TokenKeysConfigTest {

    @TempDir
    Path dir;

    private static final String RSA = pem(generate("RSA"));
    private static final String EC = pem(generate("EC"));

    private static PublicKey generate(String alg) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
            if (alg.equals("EC")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                g.initialize(2048);
            }
            return g.generateKeyPair().getPublic();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String json(String s) {
        return "\"" + s.replace("\n", "\\n") + "\"";
    }

    @Test
    void v6KeysForConnectionAndSubscriptionTokens() {
        LoadedConfig c = Fixtures.loadJson(dir, "{\"client\": {\"token\": {\"rsa_public_key\": " + json(RSA)
                + ", \"ecdsa_public_key\": " + json(EC) + ", \"audience\": \"app\", \"issuer\": \"idp\","
                + " \"user_id_claim\": \"uid\"},"
                + " \"subscription_token\": {\"enabled\": true, \"jwks_public_endpoint\": \"https://idp.example/jwks\"}}}");
        TokenConfig token = c.engine().client().token();
        assertThat(token.rsaPublicKey()).isEqualTo(RSA.strip());
        assertThat(token.ecdsaPublicKey()).isEqualTo(EC.strip());
        assertThat(token.jwksPublicEndpoint()).isEmpty();
        assertThat(token.audience()).isEqualTo("app");
        assertThat(token.userIdClaim()).isEqualTo("uid");
        TokenConfig sub = c.engine().client().subscriptionToken();
        assertThat(sub.jwksPublicEndpoint()).isEqualTo("https://idp.example/jwks");
        assertThat(sub.rsaPublicKey()).isEmpty();
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void v5KeysAndEnvironment() {
        LoadedConfig file = Fixtures.loadJson(dir, "{\"token_rsa_public_key\": " + json(RSA)
                + ", \"token_jwks_public_endpoint\": \"http://127.0.0.1:1/jwks\", \"token_audience\": \"a\","
                + " \"token_issuer\": \"i\", \"token_user_id_claim\": \"uid\"}");
        TokenConfig t = file.engine().client().token();
        assertThat(t.rsaPublicKey()).isEqualTo(RSA.strip());
        assertThat(t.jwksPublicEndpoint()).isEqualTo("http://127.0.0.1:1/jwks");
        assertThat(t.issuer()).isEqualTo("i");
        assertThat(t.userIdClaim()).isEqualTo("uid");

        LoadedConfig env = Fixtures.load(Fixtures.write(dir, "e.json", "{}"), Fixtures.withSecrets(
                "CENTRIFUGO_CLIENT_TOKEN_ECDSA_PUBLIC_KEY", EC,
                "CENTRIFUGO_TOKEN_JWKS_PUBLIC_ENDPOINT", "https://idp.example/keys"));
        assertThat(env.engine().client().token().ecdsaPublicKey()).isEqualTo(EC.strip());
        assertThat(env.engine().client().token().jwksPublicEndpoint()).isEqualTo("https://idp.example/keys");
    }

    @Test
    void badKeyMaterialStopsStartupNamingTheKey() {
        assertThatThrownBy(() -> Fixtures.loadJson(dir, "{\"client\": {\"token\": {\"rsa_public_key\": \"nope\"}}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config: client.token.rsa_public_key: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> Fixtures.loadJson(dir, "{\"client\": {\"token\": {\"ecdsa_public_key\": "
                + json(RSA) + "}}}"))
                .hasMessageStartingWith("config: client.token.ecdsa_public_key: ");
        assertThatThrownBy(() -> Fixtures.loadJson(dir, "{\"client\": {\"subscription_token\": {\"enabled\": true,"
                + " \"jwks_public_endpoint\": \"ftp://x/keys\"}}}"))
                .hasMessageStartingWith("config: client.subscription_token.jwks_public_endpoint: ");
        assertThatThrownBy(() -> Fixtures.load(Fixtures.write(dir, "v5.json", "{\"token_rsa_public_key\": \"x\"}"),
                Map.of("CENTRIFUGO_HTTP_API_KEY", "k")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rsa_public_key");
    }

    @Test
    void aPublicKeyAloneCountsAsConfiguredTokens() {
        LoadedConfig c = Fixtures.load(Fixtures.write(dir, "k.json", "{\"client\": {\"token\": {\"rsa_public_key\": "
                + json(RSA) + "}}, \"http_api\": {\"key\": \"k\"}}"), Map.of());
        assertThat(c.developmentDefaults()).isEmpty();
        assertThat(c.warnings()).isEmpty();
    }
}
