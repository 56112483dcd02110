package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.ClientConfig;
import io.xshathra.engine.config.EngineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarningsAndDefaultsTest {

    @TempDir
    Path dir;

    @Test
    void unknownKeysAreWarnedAboutNotFatal() {
        Path file = Fixtures.write(dir, "config.json", """
                {"colour": "blue", "client": {"ping_intervall": "10s", "token": {"secret": "x"}},
                 "channel": {"namespaces": [{"name": "chat", "presense": true}]}, "xshathra": {"dta_dir": "x"}}
                """);
        LoadedConfig cfg = Fixtures.load(file, Fixtures.SECRETS);
        assertThat(cfg.warnings()).containsExactly(
                "unknown key \"colour\" in " + file + ", ignored",
                "unknown key \"client.ping_intervall\", ignored",
                "unknown key \"client.token.secret\", ignored",
                "unknown key \"channel.namespaces[0].presense\", ignored",
                "unknown key \"xshathra.dta_dir\", ignored");
    }

    @Test
    void zeroValuesMeanTheDefault() {
        LoadedConfig cfg = Fixtures.loadJson(dir, """
                {"client": {"channel_limit": 0, "ping_interval": "0s", "pong_timeout": "0", "queue_max_size": 0,
                            "history_max_publication_limit": 0, "stale_close_delay": 0},
                 "http_server": {"port": 0, "address": ""}, "node": {"name": ""}, "log": {"level": ""},
                 "websocket": {"message_size_limit": 0, "write_timeout": ""},
                 "channel": {"max_length": 0, "history_meta_ttl": "0s", "private_prefix": ""},
                 "rpc": {"ping": {"method": ""}}, "http_api": {"handler_prefix": ""}}
                """);
        ClientConfig d = ClientConfig.defaults("secret");
        ClientConfig c = cfg.engine().client();
        assertThat(c.channelLimit()).isEqualTo(128);
        assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.pongTimeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(c).isEqualTo(new ClientConfig(c.token(), c.subscriptionToken(),
                d.allowedOrigins(), false, false, false, d.pingInterval(), d.pongTimeout(), d.expiredCloseDelay(),
                d.expiredSubCloseDelay(), d.staleCloseDelay(), 128, d.queueMaxSize(), d.presenceUpdateInterval(), 0, 0,
                300, 300, d.channelPositionCheckDelay(), false));
        assertThat(cfg.server()).isEqualTo(ServerSettings.defaults());
        EngineConfig e = EngineConfig.defaults("secret", "key");
        assertThat(cfg.engine().websocket()).isEqualTo(e.websocket());
        assertThat(cfg.engine().channel()).isEqualTo(e.channel());
        assertThat(cfg.engine().rpcPing()).isEqualTo(e.rpcPing());
        assertThat(cfg.engine().nodeName()).isEqualTo("xshathra_3001");
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void explicitFalseTurnsOffOurTrueDefaults() {
        LoadedConfig cfg = Fixtures.loadJson(dir, "{\"health\": {\"enabled\": false}}");
        assertThat(cfg.server().healthEnabled()).isFalse();
        assertThat(cfg.server().prometheusEnabled()).isTrue();
    }

    @Test
    void recognisedButUnsupportedFeaturesWarnOnlyWhenSwitchedOn() {
        LoadedConfig off = Fixtures.loadJson(dir, """
                {"admin": {"enabled": false, "password": "p", "secret": "s"}, "sse": {"enabled": false},
                 "engine": {"type": "memory", "redis": {"address": ["redis://a", "redis://b"]}},
                 "uni_websocket": {}, "proxies": [], "client": {"proxy": {"connect": {"endpoint": "http://x"}}},
                 "websocket": {"read_buffer_size": 4096}, "usage_stats": {"disabled": true}}
                """);
        assertThat(off.warnings()).isEmpty();

        LoadedConfig on = Fixtures.loadJson(dir, """
                {"admin": {"enabled": true}, "webtransport": {"enabled": true},
                 "log": {"file": "/tmp/x.log"},
                 "client": {"concurrency": 8, "user_id_http_header": "X-User"},
                 "engine": {"type": "redis"},
                 "channel": {"namespaces": [{"name": "chat", "allow_tags_filter": true}]}}
                """);
        assertThat(on.warnings()).containsExactlyInAnyOrder(
                "admin.enabled is set but not supported yet, ignored",
                "webtransport.enabled is set but not supported yet, ignored",
                "log.file is set but not supported yet, ignored",
                "client.user_id_http_header is set but not supported yet, ignored");
    }

    @Test
    void missingSecretOrKeyWithTheOtherConfiguredIsAWarning() {
        LoadedConfig noKey = Fixtures.load(Fixtures.write(dir, "a.json",
                "{\"client\": {\"token\": {\"hmac_secret_key\": \"s\"}}}"), Map.of());
        assertThat(noKey.developmentDefaults()).isEmpty();
        assertThat(noKey.engine().httpApi().key()).isEmpty();
        assertThat(noKey.warnings()).containsExactly("http_api.key is not set: the server API refuses every request"
                + " (set it, or CENTRIFUGO_HTTP_API_KEY)");

        LoadedConfig noSecret = Fixtures.load(Fixtures.write(dir, "b.json", "{\"api_key\": \"k\"}"), Map.of());
        assertThat(noSecret.engine().client().token().hmacSecretKey()).isEmpty();
        assertThat(noSecret.warnings()).contains("client.token.hmac_secret_key is not set: connection tokens cannot be"
                + " verified (set it, or CENTRIFUGO_CLIENT_TOKEN_HMAC_SECRET_KEY)");
    }
}
