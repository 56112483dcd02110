package io.xshathra.server.config;

import static io.xshathra.server.config.Fixtures.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.config.ChannelOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentTest {

    @TempDir
    Path dir;

    private static LoadedConfig load(Map<String, String> env) {
        return Fixtures.load(null, env);
    }

    @Test
    void conformanceItem51V5SecretWorksAndV6Wins() {
        LoadedConfig v5Only = load(env("CENTRIFUGO_TOKEN_HMAC_SECRET_KEY", "a", "CENTRIFUGO_API_KEY", "k"));
        assertThat(v5Only.engine().client().token().hmacSecretKey()).isEqualTo("a");
        assertThat(v5Only.warnings()).contains(
                "CENTRIFUGO_TOKEN_HMAC_SECRET_KEY is a Centrifugo v5 name; use CENTRIFUGO_CLIENT_TOKEN_HMAC_SECRET_KEY");

        LoadedConfig both = load(env("CENTRIFUGO_TOKEN_HMAC_SECRET_KEY", "a",
                "CENTRIFUGO_CLIENT_TOKEN_HMAC_SECRET_KEY", "b", "CENTRIFUGO_API_KEY", "k"));
        assertThat(both.engine().client().token().hmacSecretKey()).isEqualTo("b");
        assertThat(both.engine().client().subscriptionToken().hmacSecretKey()).isEqualTo("b");
        assertThat(both.warnings()).contains("CENTRIFUGO_TOKEN_HMAC_SECRET_KEY is ignored because"
                + " CENTRIFUGO_CLIENT_TOKEN_HMAC_SECRET_KEY is also set");
    }

    @Test
    void apiKeyNamesAreEquivalent() {
        LoadedConfig v5 = load(env("CENTRIFUGO_API_KEY", "k", "CENTRIFUGO_TOKEN_HMAC_SECRET_KEY", "s"));
        LoadedConfig v6 = load(env("CENTRIFUGO_HTTP_API_KEY", "k", "CENTRIFUGO_CLIENT_TOKEN_HMAC_SECRET_KEY", "s"));
        assertThat(v5.engine()).isEqualTo(v6.engine());
        assertThat(v6.warnings()).isEmpty();
        assertThat(load(env("CENTRIFUGO_API_KEY", "old", "CENTRIFUGO_HTTP_API_KEY", "new",
                "CENTRIFUGO_TOKEN_HMAC_SECRET_KEY", "s")).engine().httpApi().key()).isEqualTo("new");
    }

    @Test
    void environmentWinsOverTheFile() {
        Path file = Fixtures.write(dir, "config.json", """
                {"client": {"token": {"hmac_secret_key": "file"}, "channel_limit": 5}, "http_api": {"key": "file"},
                 "http_server": {"port": 8000}}
                """);
        LoadedConfig cfg = Fixtures.load(file, env("CENTRIFUGO_TOKEN_HMAC_SECRET_KEY", "env",
                "CENTRIFUGO_CLIENT_CHANNEL_LIMIT", "7", "CENTRIFUGO_PORT", "8100"));
        assertThat(cfg.engine().client().token().hmacSecretKey()).isEqualTo("env");
        assertThat(cfg.engine().httpApi().key()).isEqualTo("file");
        assertThat(cfg.engine().client().channelLimit()).isEqualTo(7);
        assertThat(cfg.server().port()).isEqualTo(8100);
    }

    @Test
    void flagsWinOverEverything() {
        Path file = Fixtures.write(dir, "config.json", """
                {"http_server": {"port": 8000, "address": "10.0.0.1"}, "log": {"level": "error"}}
                """);
        Map<String, String> env = Fixtures.withSecrets("CENTRIFUGO_HTTP_SERVER_PORT", "8100", "XSHATHRA_PORT", "8200",
                "XSHATHRA_DATA_DIR", "/env/data");
        assertThat(new ConfigLoader().load(file, env, CliOverrides.none()).server().port()).isEqualTo(8200);
        LoadedConfig cfg = new ConfigLoader().load(file, env,
                new CliOverrides(0, "::1", dir.resolve("flag-data"), "TRACE"));
        assertThat(cfg.server().port()).isZero();
        assertThat(cfg.server().address()).isEqualTo("::1");
        assertThat(cfg.server().dataDir()).isEqualTo(dir.resolve("flag-data"));
        assertThat(cfg.server().logLevel()).isEqualTo("trace");
    }

    @Test
    void xshathraVariables() {
        LoadedConfig cfg = load(Fixtures.withSecrets("XSHATHRA_DATA_DIR", "/srv/x", "XSHATHRA_ADDRESS", "0.0.0.0",
                "XSHATHRA_CONFIG", "ignored-by-the-loader.json"));
        assertThat(cfg.server().dataDir()).isEqualTo(Path.of("/srv/x"));
        assertThat(cfg.server().address()).isEqualTo("0.0.0.0");
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void valueParsing() {
        LoadedConfig cfg = load(Fixtures.withSecrets(
                "CENTRIFUGO_CLIENT_ALLOWED_ORIGINS", "https://a.example  https://b.example",
                "CENTRIFUGO_CLIENT_INSECURE", "t",
                "CENTRIFUGO_CLIENT_CONNECT_INCLUDE_SERVER_TIME", "1",
                "CENTRIFUGO_HEALTH_ENABLED", "0",
                "CENTRIFUGO_PROMETHEUS_ENABLED", "FALSE",
                "CENTRIFUGO_CLIENT_PING_INTERVAL", "1m30s",
                "CENTRIFUGO_CHANNEL_WITHOUT_NAMESPACE_PRESENCE", "true",
                "CENTRIFUGO_CLIENT_USER_CONNECTION_LIMIT", "", // empty = not set
                "CENTRIFUGO_VAR_ANYTHING", "user templating"));
        assertThat(cfg.engine().client().allowedOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(cfg.engine().client().insecure()).isTrue();
        assertThat(cfg.engine().client().connectIncludeServerTime()).isTrue();
        assertThat(cfg.server().healthEnabled()).isFalse();
        assertThat(cfg.server().prometheusEnabled()).isFalse();
        assertThat(cfg.engine().client().pingInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(cfg.engine().channel().withoutNamespace().presence()).isTrue();
        assertThat(cfg.engine().client().userConnectionLimit()).isZero();
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void v5EnvironmentNames() {
        LoadedConfig cfg = load(env("CENTRIFUGO_TOKEN_HMAC_SECRET_KEY", "s", "CENTRIFUGO_API_KEY", "k",
                "CENTRIFUGO_ALLOWED_ORIGINS", "https://x.example", "CENTRIFUGO_ADDRESS", "0.0.0.0",
                "CENTRIFUGO_PRESENCE", "true", "CENTRIFUGO_HEALTH", "false", "CENTRIFUGO_LOG_LEVEL", "debug",
                "CENTRIFUGO_NAMESPACES", "[{\"name\": \"chat\", \"presence\": true}]"));
        assertThat(cfg.engine().client().allowedOrigins()).containsExactly("https://x.example");
        assertThat(cfg.server().address()).isEqualTo("0.0.0.0");
        assertThat(cfg.engine().channel().withoutNamespace().presence()).isTrue();
        assertThat(cfg.server().healthEnabled()).isFalse();
        assertThat(cfg.server().logLevel()).isEqualTo("debug");
        assertThat(cfg.engine().channel().namespaces().get("chat").presence()).isTrue();
        assertThat(cfg.warnings()).contains("CENTRIFUGO_NAMESPACES is a Centrifugo v5 name; use CENTRIFUGO_CHANNEL_NAMESPACES",
                "CENTRIFUGO_HEALTH is a Centrifugo v5 name; use CENTRIFUGO_HEALTH_ENABLED");
    }

    @Test
    void namespacesAsJsonAndPerNamespaceOverrides() {
        Path file = Fixtures.write(dir, "config.json", """
                {"channel": {"namespaces": [{"name": "from-file"}]}}
                """);
        LoadedConfig cfg = Fixtures.load(file, Fixtures.withSecrets(
                "CENTRIFUGO_CHANNEL_NAMESPACES", "[{\"name\":\"chat\",\"presence\":true},{\"name\":\"game.v2-x\"}]",
                "CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_HISTORY_SIZE", "100",
                "CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_HISTORY_TTL", "300s",
                "CENTRIFUGO_CHANNEL_NAMESPACES_GAME_V2_X_ALLOW_PUBLISH_FOR_CLIENT", "true"));
        assertThat(cfg.engine().channel().namespaces()).containsOnlyKeys("chat", "game.v2-x");
        ChannelOptions chat = cfg.engine().channel().namespaces().get("chat");
        assertThat(chat.presence()).isTrue();
        assertThat(chat.historySize()).isEqualTo(100);
        assertThat(chat.historyTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(cfg.engine().channel().namespaces().get("game.v2-x").permissions().publishForClient()).isTrue();
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void overridesApplyToNamespacesFromTheFileAndNamesCanBeSpaceSeparated() {
        Path file = Fixtures.write(dir, "config.json", """
                {"channel": {"namespaces": [{"name": "chat", "presence": false}]}}
                """);
        LoadedConfig cfg = Fixtures.load(file, Fixtures.withSecrets(
                "CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_PRESENCE", "true",
                "CENTRIFUGO_CHANNEL_NAMESPACES_NOPE_PRESENCE", "true"));
        assertThat(cfg.engine().channel().namespaces().get("chat").presence()).isTrue();
        assertThat(cfg.warnings()).containsExactly(
                "environment variable CENTRIFUGO_CHANNEL_NAMESPACES_NOPE_PRESENCE matches no namespace and option, ignored");

        LoadedConfig names = load(Fixtures.withSecrets("CENTRIFUGO_CHANNEL_NAMESPACES", "chat news"));
        assertThat(names.engine().channel().namespaces()).containsOnlyKeys("chat", "news");
    }

    @Test
    void errorsInNamespacesFromTheEnvironmentNameTheVariable() {
        assertThatThrownBy(() -> load(Fixtures.withSecrets("CENTRIFUGO_CHANNEL_NAMESPACES", "[{\"name\":\"x\"}]")))
                .hasMessage("config: channel.namespaces[0].name (from CENTRIFUGO_CHANNEL_NAMESPACES):"
                        + " \"x\" must match ^[-a-zA-Z0-9_.]{2,}$");
        assertThatThrownBy(() -> load(Fixtures.withSecrets("CENTRIFUGO_CHANNEL_NAMESPACES", "[{\"name\":")))
                .hasMessageStartingWith("config: CENTRIFUGO_CHANNEL_NAMESPACES: malformed JSON at line 1, column");
        assertThatThrownBy(() -> load(Fixtures.withSecrets("CENTRIFUGO_CLIENT_CHANNEL_LIMIT", "lots")))
                .hasMessage("config: CENTRIFUGO_CLIENT_CHANNEL_LIMIT: must be an integer, got \"lots\"");
        assertThatThrownBy(() -> load(Fixtures.withSecrets("CENTRIFUGO_CLIENT_INSECURE", "yes")))
                .hasMessage("config: CENTRIFUGO_CLIENT_INSECURE: must be true or false (also 1/0, t/f), got \"yes\"");
        assertThatThrownBy(() -> load(Fixtures.withSecrets("CENTRIFUGO_CLIENT_PONG_TIMEOUT", "8")))
                .hasMessageStartingWith("config: client.pong_timeout (from CENTRIFUGO_CLIENT_PONG_TIMEOUT): invalid duration \"8\"");
    }

    @Test
    void unknownVariablesAreWarnedAboutAndRecognisedOnesAreNot() {
        LoadedConfig cfg = load(Fixtures.withSecrets("CENTRIFUGO_NO_SUCH_THING", "1", "XSHATHRA_NOPE", "1",
                "CENTRIFUGO_ENGINE_REDIS_ADDRESS", "redis://r", "CENTRIFUGO_ADMIN_PASSWORD", "p",
                "PATH", "/usr/bin"));
        assertThat(cfg.warnings()).containsExactly(
                "unknown environment variable CENTRIFUGO_NO_SUCH_THING, ignored",
                "unknown environment variable XSHATHRA_NOPE, ignored");
    }

    @Test
    void unsupportedFeaturesFromTheEnvironment() {
        LoadedConfig cfg = load(Fixtures.withSecrets("CENTRIFUGO_ADMIN", "true", "CENTRIFUGO_ENGINE_TYPE", "redis",
                "CENTRIFUGO_CHANNEL_NAMESPACES", "chat", "CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_ALLOW_TAGS_FILTER", "true"));
        assertThat(cfg.warnings()).noneMatch(w -> w.contains("allow_tags_filter"));
        assertThat(cfg.engine().channel().namespaces().get("chat").allowTagsFilter()).isTrue();
        assertThat(cfg.warnings()).contains(
                "CENTRIFUGO_ADMIN is a Centrifugo v5 name; use CENTRIFUGO_ADMIN_ENABLED",
                "admin.enabled (from CENTRIFUGO_ADMIN) is set but not supported yet, ignored");
        assertThat(cfg.server().redis()).isNotNull();
    }
}
