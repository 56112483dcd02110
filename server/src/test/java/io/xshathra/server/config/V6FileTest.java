package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.ChannelConfig;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ChannelOptions.DataFormat;
import io.xshathra.engine.config.ChannelOptions.RecoveryMode;
import io.xshathra.engine.config.ClientConfig;
import io.xshathra.engine.config.EngineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class V6FileTest {

    @TempDir
    Path dir;

    private static final String FULL = """
            {
              "http_server": { "address": "0.0.0.0", "port": 8000 },
              "log": { "level": "debug" },
              "client": {
                "token": { "hmac_secret_key": "s3cr3t", "audience": "app", "issuer_regex": "^https://",
                           "hmac_previous_secret_key": "old", "hmac_previous_secret_key_valid_until": 1900000000 },
                "subscription_token": { "enabled": true, "hmac_secret_key": "sub" },
                "allowed_origins": ["https://app.example.com"],
                "allow_anonymous_connect_without_token": true,
                "ping_interval": "20s", "pong_timeout": "5s",
                "expired_close_delay": "1m", "stale_close_delay": "3s",
                "channel_limit": 64, "queue_max_size": 2048, "user_connection_limit": 5,
                "connection_limit": 1000, "history_max_publication_limit": 50,
                "recovery_max_publication_limit": 60, "presence_update_interval": "10s",
                "channel_position_check_delay": "30s", "connect_include_server_time": true
              },
              "http_api": { "key": "api-key", "error_mode": "transport", "handler_prefix": "/api/" },
              "websocket": { "message_size_limit": 1024, "write_timeout": "2s" },
              "rpc": { "ping": { "enabled": true, "method": "p" } },
              "node": { "name": "n1" },
              "shutdown": { "timeout": "5s" },
              "health": { "enabled": false, "handler_prefix": "/healthz" },
              "prometheus": { "enabled": false },
              "xshathra": { "data_dir": "/var/lib/xshathra" },
              "channel": {
                "history_meta_ttl": "48h",
                "publication_data_format": "json",
                "max_length": 100,
                "without_namespace": { "allow_subscribe_for_client": true, "presence": true },
                "namespaces": [
                  { "name": "chat", "presence": true, "join_leave": true, "history_size": 100,
                    "history_ttl": "300s", "force_recovery": true, "allowed_delta_types": ["fossil"],
                    "allow_subscribe_for_client": true, "allow_publish_for_subscriber": true,
                    "allow_history_for_subscriber": true, "allow_presence_for_subscriber": true,
                    "force_recovery_mode": "cache", "channel_regex": "^[a-z]+$",
                    "publication_data_format": "binary", "allow_user_limited_channels": true },
                  { "name": "news.v2" }
                ]
              },
              "engine": { "type": "memory", "redis": { "address": "redis://localhost:6379" } }
            }
            """;

    @Test
    void readsEveryV6Key() {
        LoadedConfig cfg = Fixtures.loadJson(dir, FULL);
        assertThat(cfg.warnings()).isEmpty();
        assertThat(cfg.developmentDefaults()).isEmpty();

        ServerSettings s = cfg.server();
        assertThat(s.address()).isEqualTo("0.0.0.0");
        assertThat(s.port()).isEqualTo(8000);
        assertThat(s.logLevel()).isEqualTo("debug");
        assertThat(s.dataDir()).isEqualTo(Path.of("/var/lib/xshathra"));
        assertThat(s.healthEnabled()).isFalse();
        assertThat(s.prometheusEnabled()).isFalse();
        assertThat(s.endpoints().health()).isEqualTo("/healthz");
        assertThat(s.endpoints().api()).isEqualTo("/api");
        assertThat(s.endpoints().prometheus()).isEqualTo("/metrics");

        EngineConfig e = cfg.engine();
        // The environment (Fixtures.SECRETS) wins over the file for these two.
        assertThat(e.client().token().hmacSecretKey()).isEqualTo("secret");
        assertThat(e.httpApi().key()).isEqualTo("key");
        assertThat(e.client().token().audience()).isEqualTo("app");
        assertThat(e.client().token().issuerRegex().pattern()).isEqualTo("^https://");
        assertThat(e.client().token().hmacPreviousSecretKey()).isEqualTo("old");
        assertThat(e.client().token().hmacPreviousSecretKeyValidUntil()).isEqualTo(1900000000L);
        assertThat(e.client().subscriptionToken().hmacSecretKey()).isEqualTo("sub");
        ClientConfig c = e.client();
        assertThat(c.allowedOrigins()).containsExactly("https://app.example.com");
        assertThat(c.allowAnonymousConnectWithoutToken()).isTrue();
        assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.pongTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.expiredCloseDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.expiredSubCloseDelay()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.staleCloseDelay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.channelLimit()).isEqualTo(64);
        assertThat(c.queueMaxSize()).isEqualTo(2048);
        assertThat(c.userConnectionLimit()).isEqualTo(5);
        assertThat(c.connectionLimit()).isEqualTo(1000);
        assertThat(c.historyMaxPublicationLimit()).isEqualTo(50);
        assertThat(c.recoveryMaxPublicationLimit()).isEqualTo(60);
        assertThat(c.presenceUpdateInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.channelPositionCheckDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.connectIncludeServerTime()).isTrue();
        assertThat(e.httpApi().errorMode()).isEqualTo("transport");
        assertThat(e.websocket()).isEqualTo(new EngineConfig.WebSocket(1024, Duration.ofSeconds(2)));
        assertThat(e.rpcPing()).isEqualTo(new EngineConfig.RpcPing(true, "p"));
        assertThat(e.nodeName()).isEqualTo("n1");
        assertThat(e.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void compilesNamespaces() {
        ChannelConfig ch = Fixtures.loadJson(dir, FULL).engine().channel();
        assertThat(ch.historyMetaTtl()).isEqualTo(Duration.ofHours(48));
        assertThat(ch.maxLength()).isEqualTo(100);
        assertThat(ch.withoutNamespace().presence()).isTrue();
        assertThat(ch.withoutNamespace().permissions().subscribeForClient()).isTrue();
        assertThat(ch.withoutNamespace().publicationDataFormat()).isEqualTo(DataFormat.JSON);
        assertThat(ch.namespaces()).containsOnlyKeys("chat", "news.v2");

        ChannelOptions chat = ch.namespaces().get("chat");
        assertThat(chat.presence()).isTrue();
        assertThat(chat.joinLeave()).isTrue();
        assertThat(chat.historySize()).isEqualTo(100);
        assertThat(chat.historyTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(chat.historyMetaTtl()).isZero();
        assertThat(chat.historyEnabled()).isTrue();
        assertThat(chat.forceRecovery()).isTrue();
        assertThat(chat.recoveryMode()).isEqualTo(RecoveryMode.CACHE);
        assertThat(chat.allowedDeltaTypes()).containsExactly("fossil");
        assertThat(chat.permissions().subscribeForClient()).isTrue();
        assertThat(chat.permissions().publishForSubscriber()).isTrue();
        assertThat(chat.permissions().historyForSubscriber()).isTrue();
        assertThat(chat.permissions().presenceForSubscriber()).isTrue();
        assertThat(chat.permissions().publishForClient()).isFalse();
        assertThat(chat.channelRegex().pattern()).isEqualTo("^[a-z]+$");
        assertThat(chat.publicationDataFormat()).isEqualTo(DataFormat.BINARY);
        assertThat(chat.allowUserLimitedChannels()).isTrue();

        ChannelOptions news = ch.namespaces().get("news.v2");
        ChannelOptions.Builder expected = ChannelOptions.builder();
        expected.publicationDataFormat = DataFormat.JSON;
        assertThat(news).isEqualTo(expected.build());
        // The global data format is inherited by namespaces that do not set their own.
        assertThat(news.publicationDataFormat()).isEqualTo(DataFormat.JSON);
    }

    @Test
    void defaultsWithAnEmptyFile() {
        LoadedConfig cfg = Fixtures.loadJson(dir, "{}");
        assertThat(cfg.warnings()).isEmpty();
        assertThat(cfg.server()).isEqualTo(ServerSettings.defaults());
        EngineConfig expected = EngineConfig.defaults("secret", "key");
        assertThat(cfg.engine().client()).isEqualTo(expected.client());
        assertThat(cfg.engine().channel()).isEqualTo(expected.channel());
        assertThat(cfg.engine().httpApi()).isEqualTo(expected.httpApi());
        assertThat(cfg.engine().websocket()).isEqualTo(expected.websocket());
        assertThat(cfg.engine().rpcPing()).isEqualTo(expected.rpcPing());
        assertThat(cfg.engine().shutdownTimeout()).isEqualTo(expected.shutdownTimeout());
        assertThat(cfg.engine().nodeName()).isEqualTo("xshathra_3001");
    }

    @Test
    void nodeNameDefaultsToHostAndPort() {
        LoadedConfig cfg = Fixtures.load(null, Fixtures.withSecrets("HOSTNAME", "box", "XSHATHRA_PORT", "4000"));
        assertThat(cfg.engine().nodeName()).isEqualTo("box_4000");
    }

    @Test
    void separateSubscriptionTokenOnlyWhenEnabled() {
        LoadedConfig cfg = Fixtures.loadJson(dir, """
                {"client": {"subscription_token": {"hmac_secret_key": "unused"}}}
                """);
        assertThat(cfg.engine().client().subscriptionToken()).isEqualTo(cfg.engine().client().token());
    }

    @Test
    void validUntilAcceptsRfc3339() {
        LoadedConfig cfg = Fixtures.loadJson(dir, """
                {"client": {"token": {"hmac_previous_secret_key_valid_until": "2030-01-01T00:00:00Z"}}}
                """);
        assertThat(cfg.engine().client().token().hmacPreviousSecretKeyValidUntil()).isEqualTo(1893456000L);
    }

    @Test
    void warningsListIsImmutable() {
        assertThat(Fixtures.loadJson(dir, "{}").warnings()).isInstanceOf(List.class).isUnmodifiable();
    }
}
