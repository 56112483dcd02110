package io.xshathra.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.token.HmacTokenSigner;
import io.xshathra.server.ServerLauncher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gentoken} and {@code checktoken} sign and verify with the configured secret. */
class TokenCommandsTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void config() throws Exception {
        Files.writeString(dir.resolve("config.json"),
                "{\"client\":{\"token\":{\"hmac_secret_key\":\"cli-secret\"}},\"http_api\":{\"key\":\"k\"},"
                + "\"channel\":{\"namespaces\":[{\"name\":\"public\"}]}}");
        env.put("XSHATHRA_DATA_DIR", dir.resolve("data").toString());
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = Cli.create(env, ServerLauncher.UNAVAILABLE, dir);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void gentokenThenChecktokenRoundTrip() {
        assertThat(run("gentoken", "-u", "alice", "--ttl", "120", "--channels", "public:a,public:b")).isZero();
        String token = out.toString().strip();
        assertThat(token.split("\\.")).hasSize(3);
        assertThat(err.toString()).contains("token for user \"alice\", valid until");
        assertThat(run("checktoken", token)).isZero();
        assertThat(out.toString()).contains("valid token for user \"alice\"").contains("channels: public:a, public:b");
    }

    @Test
    void checktokenRefusesForgedAndExpiredTokens() {
        String forged = new HmacTokenSigner("other-secret").sign(Map.of("sub", "alice"));
        assertThat(run("checktoken", forged)).isEqualTo(1);
        assertThat(err.toString()).startsWith("invalid token");
        String expired = new HmacTokenSigner("cli-secret").sign(Map.of("sub", "bob", "exp", 1000));
        assertThat(run("checktoken", expired)).isEqualTo(1);
        assertThat(err.toString()).startsWith("token expired");
    }

    @Test
    void gentokenNeedsAUserAndRefusesNegativeTtl() {
        assertThat(run("gentoken")).isEqualTo(2);
        assertThat(run("gentoken", "-u", "x", "--ttl", "-5")).isEqualTo(2);
    }

    @Test
    void gentokenMintsWhatTheEngineAccepts() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"client\":{\"token\":{\"hmac_secret_key\":\"cli-secret\","
                + "\"user_id_claim\":\"uid\",\"audience\":\"app\",\"issuer\":\"me\"}},\"http_api\":{\"key\":\"k\"}}");
        assertThat(run("gentoken", "-u", "dave")).isZero();
        String token = out.toString().strip();
        assertThat(run("checktoken", token)).isZero();
        assertThat(out.toString()).contains("valid token for user \"dave\"");
        assertThat(run("gentoken", "-u", "dave", "--channels", "nope:x")).isEqualTo(2);
        assertThat(err.toString()).contains("--channels: channels[0]").contains("unknown namespace");
    }

    @Test
    void gentokenSaysWhyItCanNotSign() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"client\":{\"token\":{\"hmac_secret_key\":\"cli-secret\","
                + "\"jwks_public_endpoint\":\"https://keys.example.com/jwks\"}},\"http_api\":{\"key\":\"k\"}}");
        assertThat(run("gentoken", "-u", "dave")).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("client.token.jwks_public_endpoint");
    }

    @Test
    void zeroTtlMeansNoExpiry() {
        assertThat(run("gentoken", "-u", "carol", "--ttl", "0")).isZero();
        String token = out.toString().strip();
        assertThat(run("checktoken", token)).isZero();
        assertThat(out.toString()).contains("expires: never");
    }

    @Test
    void checktokenVerifiesRsaTokens() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        java.security.KeyPair kp = g.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\\n"
                + java.util.Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()) + "\\n-----END PUBLIC KEY-----";
        Files.writeString(dir.resolve("config.json"), "{\"client\":{\"token\":{\"rsa_public_key\":\"" + pem
                + "\"}},\"http_api\":{\"key\":\"k\"}}");
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + b64.encodeToString("{\"sub\":\"rsa-user\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.security.Signature sig = java.security.Signature.getInstance("SHA256withRSA");
        sig.initSign(kp.getPrivate());
        sig.update(input.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String token = input + "." + b64.encodeToString(sig.sign());
        assertThat(run("checktoken", token)).isZero();
        assertThat(out.toString()).contains("valid token for user \"rsa-user\"");
        assertThat(run("checktoken", new HmacTokenSigner("cli-secret").sign(Map.of("sub", "x")))).isEqualTo(1);
    }
}
