package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevelopmentDefaultsTest {

    @TempDir
    Path dir;

    private Map<String, String> env() {
        return Fixtures.env("XSHATHRA_DATA_DIR", dir.resolve("data").toString());
    }

    @Test
    void secretsAreGeneratedOnceAndReused() throws IOException {
        LoadedConfig first = Fixtures.load(null, env());
        DevelopmentDefaults dev = first.developmentDefaults().orElseThrow();
        Path file = dir.resolve("data").resolve("dev-secrets.json");
        assertThat(dev.status()).isEqualTo(DevelopmentDefaults.Status.CREATED);
        assertThat(dev.secretsFile()).isEqualTo(file);
        assertThat(file).exists();
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        String secret = first.engine().client().token().hmacSecretKey();
        String key = first.engine().httpApi().key();
        assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(key);
        assertThat(key).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(first.engine().client().subscriptionToken().hmacSecretKey()).isEqualTo(secret);
        assertThat(dev.notice()).contains("generated secrets, saved to " + file).contains(secret).contains(key);
        assertThat(first.warnings()).isEmpty();

        LoadedConfig second = Fixtures.load(null, env());
        assertThat(second.developmentDefaults().orElseThrow().status()).isEqualTo(DevelopmentDefaults.Status.REUSED);
        assertThat(second.engine().client().token().hmacSecretKey()).isEqualTo(secret);
        assertThat(second.engine().httpApi().key()).isEqualTo(key);
        assertThat(second.developmentDefaults().orElseThrow().notice()).contains(file.toString()).doesNotContain(secret);
        assertThat(second.developmentDefaults().orElseThrow().toString()).doesNotContain(secret);
    }

    @Test
    void loopbackOriginsOnlyWhenNoneAreConfigured() {
        LoadedConfig cfg = Fixtures.load(null, env());
        assertThat(cfg.engine().client().allowedOrigins()).containsExactlyElementsOf(DevelopmentDefaults.LOOPBACK_ORIGINS)
                .contains("http://localhost:*", "http://127.0.0.1:*");
        Map<String, String> withOrigins = env();
        withOrigins.put("CENTRIFUGO_CLIENT_ALLOWED_ORIGINS", "https://app.example");
        LoadedConfig own = Fixtures.load(null, withOrigins);
        assertThat(own.engine().client().allowedOrigins()).containsExactly("https://app.example");
        assertThat(own.developmentDefaults().orElseThrow().allowedOrigins()).isEmpty();
    }

    @Test
    void aFileWithoutSecretsAlsoUsesThem() {
        Path file = Fixtures.write(dir, "config.json", "{\"channel\": {\"namespaces\": [{\"name\": \"chat\"}]}}");
        LoadedConfig cfg = Fixtures.load(file, env());
        assertThat(cfg.developmentDefaults()).isPresent();
        assertThat(cfg.engine().httpApi().key()).isNotEmpty();
    }

    @Test
    void notUsedWhenEitherSecretIsConfiguredOrBothInsecure() {
        Map<String, String> env = env();
        env.put("CENTRIFUGO_API_KEY", "k");
        assertThat(Fixtures.load(null, env).developmentDefaults()).isEmpty();
        Map<String, String> insecure = env();
        insecure.put("CENTRIFUGO_CLIENT_INSECURE", "true");
        insecure.put("CENTRIFUGO_HTTP_API_INSECURE", "true");
        LoadedConfig cfg = Fixtures.load(null, insecure);
        assertThat(cfg.developmentDefaults()).isEmpty();
        assertThat(cfg.warnings()).isEmpty();
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void checkingNeverWrites() {
        LoadedConfig cfg = ConfigLoader.forChecking().load(null, env(), CliOverrides.none());
        assertThat(cfg.developmentDefaults().orElseThrow().status()).isEqualTo(DevelopmentDefaults.Status.NOT_SAVED);
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void listeningBeyondLoopbackWithDevelopmentSecretsIsAWarning() {
        Map<String, String> env = env();
        env.put("XSHATHRA_ADDRESS", "0.0.0.0");
        assertThat(Fixtures.load(null, env).warnings()).containsExactly("development secrets are in use while listening"
                + " on 0.0.0.0; configure client.token.hmac_secret_key and http_api.key");
    }

    @Test
    void aDamagedSecretsFileIsAnError() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Path file = Files.writeString(dir.resolve("data").resolve("dev-secrets.json"), "{\"api_key\": \"k\"}");
        assertThatThrownBy(() -> Fixtures.load(null, env())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config: " + file + ": expected non-empty");
    }
}
