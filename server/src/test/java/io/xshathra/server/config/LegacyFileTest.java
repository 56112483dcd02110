package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegacyFileTest {

    @TempDir
    Path dir;

    private LoadedConfig load(String json) {
        return Fixtures.load(Fixtures.write(dir, "c" + json.hashCode() + ".json", json), Map.of());
    }

    @Test
    void conformanceItem52V5FileLoadsLikeItsV6Form() {
        LoadedConfig v5 = load("""
                {"token_hmac_secret_key":"s","api_key":"k","namespaces":[{"name":"chat"}],"admin":true}
                """);
        LoadedConfig v6 = load("""
                {"client":{"token":{"hmac_secret_key":"s"}},"http_api":{"key":"k"},
                 "channel":{"namespaces":[{"name":"chat"}]},"admin":{"enabled":true}}
                """);
        assertThat(v5.engine()).isEqualTo(v6.engine());
        assertThat(v5.server()).isEqualTo(v6.server());
        assertThat(v5.engine().client().token().hmacSecretKey()).isEqualTo("s");
        assertThat(v5.engine().httpApi().key()).isEqualTo("k");
        assertThat(v5.engine().channel().namespaces()).containsOnlyKeys("chat");
        assertThat(v5.warnings()).anyMatch(w -> w.contains("\"token_hmac_secret_key\" is a Centrifugo v5 name")
                && w.contains("client.token.hmac_secret_key"));
        assertThat(v5.warnings()).anyMatch(w -> w.contains("\"api_key\" is a Centrifugo v5 name"));
        assertThat(v5.warnings()).anyMatch(w -> w.contains("\"namespaces\" is a Centrifugo v5 name"));
        assertThat(v5.warnings()).anyMatch(w -> w.startsWith("admin.enabled (from admin) is set but not supported yet"));
        assertThat(v6.warnings()).containsExactly("admin.enabled is set but not supported yet, ignored");
    }

    @Test
    void fullerV5FileMatchesV6() {
        LoadedConfig v5 = load("""
                {
                  "token_hmac_secret_key": "s", "token_audience": "aud", "api_key": "k", "api_error_mode": "transport",
                  "allowed_origins": ["https://a.example"], "client_insecure": false,
                  "allow_anonymous_connect_without_token": true, "ping_interval": "30s", "pong_timeout": "10s",
                  "client_channel_limit": 10, "client_queue_max_size": 4096, "client_expired_close_delay": "5s",
                  "client_history_max_publication_limit": 20, "client_connect_include_server_time": true,
                  "presence": true, "history_size": 10, "history_ttl": "60s", "allow_subscribe_for_client": true,
                  "global_history_meta_ttl": "100h", "channel_max_length": 128,
                  "namespaces": [{"name": "chat", "join_leave": true, "presence": true}],
                  "rpc_ping": true, "rpc_ping_method": "hi", "name": "node-1", "port": 9000, "address": "0.0.0.0",
                  "log_level": "warn", "health": true, "prometheus": false, "engine": "memory",
                  "websocket_message_size_limit": 2048, "websocket_write_timeout": "3s", "shutdown_timeout": "7s",
                  "separate_subscription_token_config": true, "subscription_token_hmac_secret_key": "sub",
                  "health_handler_prefix": "/hc", "api_handler_prefix": "/srv"
                }
                """);
        LoadedConfig v6 = load("""
                {
                  "client": {
                    "token": {"hmac_secret_key": "s", "audience": "aud"},
                    "subscription_token": {"enabled": true, "hmac_secret_key": "sub"},
                    "allowed_origins": ["https://a.example"], "insecure": false,
                    "allow_anonymous_connect_without_token": true, "ping_interval": "30s", "pong_timeout": "10s",
                    "channel_limit": 10, "queue_max_size": 4096, "expired_close_delay": "5s",
                    "history_max_publication_limit": 20, "connect_include_server_time": true
                  },
                  "http_api": {"key": "k", "error_mode": "transport", "handler_prefix": "/srv"},
                  "channel": {
                    "without_namespace": {"presence": true, "history_size": 10, "history_ttl": "60s",
                                          "allow_subscribe_for_client": true},
                    "history_meta_ttl": "100h", "max_length": 128,
                    "namespaces": [{"name": "chat", "join_leave": true, "presence": true}]
                  },
                  "rpc": {"ping": {"enabled": true, "method": "hi"}},
                  "node": {"name": "node-1"},
                  "http_server": {"port": 9000, "address": "0.0.0.0"},
                  "log": {"level": "warn"},
                  "health": {"enabled": true, "handler_prefix": "/hc"}, "prometheus": {"enabled": false},
                  "engine": {"type": "memory"},
                  "websocket": {"message_size_limit": 2048, "write_timeout": "3s"},
                  "shutdown": {"timeout": "7s"}
                }
                """);
        assertThat(v6.warnings()).isEmpty();
        assertThat(v5.engine()).isEqualTo(v6.engine());
        assertThat(v5.server()).isEqualTo(v6.server());
        assertThat(v5.warnings()).allMatch(w -> w.contains("is a Centrifugo v5 name"));
    }

    @Test
    void v6WinsOverV5InTheSameFile() {
        LoadedConfig cfg = load("""
                {"token_hmac_secret_key": "a", "client": {"token": {"hmac_secret_key": "b"}}, "api_key": "k"}
                """);
        assertThat(cfg.engine().client().token().hmacSecretKey()).isEqualTo("b");
        assertThat(cfg.warnings()).contains(
                "\"token_hmac_secret_key\" is ignored because client.token.hmac_secret_key is also set");
    }

    @Test
    void jsonTypeDecidesBetweenV5AndV6Sections() {
        LoadedConfig cfg = load("""
                {"token_hmac_secret_key": "s", "api_key": "k",
                 "health": false, "prometheus": {"enabled": false}, "engine": "redis"}
                """);
        assertThat(cfg.server().healthEnabled()).isFalse();
        assertThat(cfg.server().prometheusEnabled()).isFalse();
        assertThat(cfg.server().redis()).isNotNull();
        assertThat(cfg.warnings()).noneMatch(w -> w.contains("prometheus is a"));
    }

    @Test
    void v5ProxyNamesInsideNamespacesAreRenamed() {
        LoadedConfig cfg = load("""
                {"token_hmac_secret_key": "s", "api_key": "k", "proxy_subscribe_endpoint": "http://backend/sub",
                 "namespaces": [{"name": "chat", "proxy_subscribe": true}]}
                """);
        assertThat(cfg.warnings()).anyMatch(w -> w.contains("proxy_subscribe")
                && w.contains("is a Centrifugo v5 name; use subscribe_proxy_enabled"));
        assertThat(cfg.engine().channel().namespaces().get("chat").proxies().subscribe()).isEqualTo("default");
        assertThat(cfg.engine().proxies().endpoint(io.xshathra.engine.config.ProxyConfig.Kind.SUBSCRIBE, "default")
                .endpoint()).isEqualTo("http://backend/sub");
    }

    @Test
    void v5ProxyEndpointsAreRead() {
        LoadedConfig cfg = load("""
                {"token_hmac_secret_key": "s", "api_key": "k", "proxy_connect_endpoint": "http://backend/connect",
                 "proxy_publish_endpoint": "http://backend/publish", "redis_address": "redis://r:6379"}
                """);
        assertThat(cfg.warnings()).noneMatch(w -> w.startsWith("unknown"));
        assertThat(cfg.warnings()).noneMatch(w -> w.contains("not supported yet"));
        assertThat(cfg.engine().proxies().connect().endpoint()).isEqualTo("http://backend/connect");
        assertThat(cfg.engine().proxies().endpoint(io.xshathra.engine.config.ProxyConfig.Kind.PUBLISH, "default")
                .endpoint()).isEqualTo("http://backend/publish");
    }

    @Test
    void v5SubscribeStreamProxyNamesAreRead() {
        LoadedConfig cfg = load("""
                {"token_hmac_secret_key": "s", "api_key": "k", "proxy_subscribe_stream_endpoint": "grpc://backend:1",
                 "proxy_subscribe_stream_timeout": "2s",
                 "namespaces": [{"name": "feed", "proxy_subscribe_stream": true,
                                 "proxy_subscribe_stream_bidirectional": true}]}
                """);
        assertThat(cfg.warnings()).noneMatch(w -> w.startsWith("unknown") || w.contains("not supported yet"));
        var feed = cfg.engine().channel().namespaces().get("feed").proxies();
        assertThat(feed.subscribeStream()).isEqualTo("default");
        assertThat(feed.streamBidirectional()).isTrue();
        var ep = cfg.engine().proxies().endpoint(io.xshathra.engine.config.ProxyConfig.Kind.SUBSCRIBE_STREAM, "default");
        assertThat(ep.endpoint()).isEqualTo("grpc://backend:1");
        assertThat(ep.timeout()).isEqualTo(java.time.Duration.ofSeconds(2));
    }
}
