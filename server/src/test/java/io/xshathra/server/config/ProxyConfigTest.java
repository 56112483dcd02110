package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ChannelProxies;
import io.xshathra.engine.config.ProxyConfig;
import io.xshathra.engine.config.ProxyEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy keys read as Centrifugo v6 reads them, and the startup errors for bad ones. */
class ProxyConfigTest {

    @TempDir
    Path dir;

    @Test
    void namedProxiesDefaultsAndRpcRoutesAreRead() {
        LoadedConfig cfg = Fixtures.loadJson(dir, """
                {"proxies": [{"name": "backend", "endpoint": "http://127.0.0.1:9000/x", "timeout": "3s",
                              "http_headers": ["Authorization", "X-Trace"], "binary_encoding": true,
                              "include_connection_meta": true,
                              "http": {"static_headers": {"X-Static": "1"},
                                       "status_to_code_transforms": [{"status_code": 404,
                                          "to_error": {"code": 404, "message": "not found"}}]}}],
                 "client": {"proxy": {"connect": {"enabled": true, "endpoint": "http://127.0.0.1:9000/connect"},
                                      "refresh": {"endpoint": "http://127.0.0.1:9000/refresh"}}},
                 "channel": {"proxy": {"subscribe": {"endpoint": "http://127.0.0.1:9000/subscribe"}},
                             "namespaces": [{"name": "sub", "subscribe_proxy_enabled": true},
                                            {"name": "pub", "publish_proxy_enabled": true,
                                             "publish_proxy_name": "backend"}]},
                 "rpc": {"proxy": {"endpoint": "http://127.0.0.1:9000/rpc"},
                         "without_namespace": {"proxy_enabled": true},
                         "namespace_boundary": "/",
                         "namespaces": [{"name": "ext", "proxy_enabled": true, "proxy_name": "backend"},
                                        {"name": "off"}]}}
                """);
        ProxyConfig p = cfg.engine().proxies();
        assertThat(p.connect().endpoint()).isEqualTo("http://127.0.0.1:9000/connect");
        assertThat(p.connect().timeout()).isEqualTo(ProxyEndpoint.DEFAULT_TIMEOUT);
        assertThat(p.refresh()).as("refresh.enabled is off").isNull();
        ProxyEndpoint backend = p.named().get("backend");
        assertThat(backend.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(backend.httpHeaders()).containsExactly("authorization", "x-trace");
        assertThat(backend.binaryEncoding()).isTrue();
        assertThat(backend.includeConnectionMeta()).isTrue();
        assertThat(backend.staticHeaders()).isEqualTo(Map.of("X-Static", "1"));
        assertThat(backend.statusTransforms()).containsExactly(
                new ProxyEndpoint.StatusTransform(404, 404, "not found", false, 0, ""));
        ChannelOptions sub = cfg.engine().channel().namespaces().get("sub");
        ChannelOptions pub = cfg.engine().channel().namespaces().get("pub");
        assertThat(sub.proxies().subscribe()).isEqualTo("default");
        assertThat(sub.proxies().publish()).isNull();
        assertThat(pub.proxies().publish()).isEqualTo("backend");
        assertThat(p.endpoint(ProxyConfig.Kind.SUBSCRIBE, "default").endpoint()).endsWith("/subscribe");
        assertThat(p.rpcNamespaceBoundary()).isEqualTo("/");
        assertThat(p.rpcWithoutNamespace()).isEqualTo(new ProxyConfig.RpcRoute(true, "default"));
        assertThat(p.rpcNamespaces()).containsEntry("ext", new ProxyConfig.RpcRoute(true, "backend"))
                .containsEntry("off", new ProxyConfig.RpcRoute(false, "default"));
        assertThat(p.forwardedHeaderNames()).containsExactlyInAnyOrder("authorization", "x-trace");
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void environmentVariablesCarryProxiesAsJson() {
        LoadedConfig cfg = Fixtures.load(Fixtures.write(dir, "c.json", "{}"), Fixtures.withSecrets(
                "CENTRIFUGO_CLIENT_PROXY_CONNECT_ENABLED", "true",
                "CENTRIFUGO_CLIENT_PROXY_CONNECT_ENDPOINT", "http://127.0.0.1:9000/connect",
                "CENTRIFUGO_CLIENT_PROXY_CONNECT_HTTP_HEADERS", "Cookie Authorization",
                "CENTRIFUGO_CLIENT_PROXY_CONNECT_HTTP_STATIC_HEADERS", "{\"X-A\": \"1\"}",
                "CENTRIFUGO_PROXIES", "[{\"name\": \"p1\", \"endpoint\": \"http://127.0.0.1:9000/p1\"}]",
                "CENTRIFUGO_RPC_NAMESPACES", "[{\"name\": \"ext\", \"proxy_enabled\": true, \"proxy_name\": \"p1\"}]"));
        ProxyConfig p = cfg.engine().proxies();
        assertThat(p.connect().httpHeaders()).containsExactly("cookie", "authorization");
        assertThat(p.connect().staticHeaders()).isEqualTo(Map.of("X-A", "1"));
        assertThat(p.named()).containsOnlyKeys("p1");
        assertThat(p.rpcNamespaces()).containsEntry("ext", new ProxyConfig.RpcRoute(true, "p1"));
        assertThat(cfg.warnings()).isEmpty();
        assertThatThrownBy(() -> Fixtures.load(Fixtures.write(dir, "d.json", "{}"),
                Fixtures.withSecrets("CENTRIFUGO_PROXIES", "{\"name\": \"p1\"}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CENTRIFUGO_PROXIES");
    }

    @Test
    void subscribeStreamProxiesAreReadWithTheirNamespaces() {
        LoadedConfig cfg = Fixtures.loadJson(dir, """
                {"proxies": [{"name": "streams", "endpoint": "grpc://127.0.0.1:10001", "timeout": "2s"}],
                 "channel": {"proxy": {"subscribe_stream": {"endpoint": "127.0.0.1:10000"}},
                             "without_namespace": {"subscribe_stream_proxy_enabled": true},
                             "namespaces": [{"name": "uni", "subscribe_stream_proxy_enabled": true,
                                             "subscribe_stream_proxy_name": "streams"},
                                            {"name": "bidi", "subscribe_stream_proxy_enabled": true,
                                             "subscribe_stream_proxy_bidirectional": true},
                                            {"name": "off", "subscribe_stream_proxy_bidirectional": true}]}}
                """);
        ProxyConfig p = cfg.engine().proxies();
        assertThat(p.endpoint(ProxyConfig.Kind.SUBSCRIBE_STREAM, "default").endpoint()).isEqualTo("127.0.0.1:10000");
        Map<String, ChannelOptions> ns = cfg.engine().channel().namespaces();
        assertThat(ns.get("uni").proxies().subscribeStream()).isEqualTo("streams");
        assertThat(ns.get("uni").proxies().streamBidirectional()).isFalse();
        assertThat(ns.get("bidi").proxies().subscribeStream()).isEqualTo("default");
        assertThat(ns.get("bidi").proxies().streamBidirectional()).isTrue();
        assertThat(ns.get("off").proxies().subscribeStream()).isNull();
        assertThat(ns.get("off").proxies().streamBidirectional()).as("only with a stream proxy").isFalse();
        assertThat(cfg.engine().channel().withoutNamespace().proxies().subscribeStream()).isEqualTo("default");
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void nothingConfiguredIsNone() {
        assertThat(Fixtures.loadJson(dir, "{}").engine().proxies()).isEqualTo(ProxyConfig.NONE);
    }

    @Test
    void mapProxiesAreReadFromTheMapSectionWithTheirDefaults() {
        LoadedConfig cfg = Fixtures.loadJson(dir, """
                {"proxies": [{"name": "mp", "endpoint": "http://127.0.0.1:1/mp"}],
                 "channel": {"proxy": {"map_publish": {"endpoint": "http://127.0.0.1:1/pub", "timeout": "2s"},
                                       "map_remove": {"endpoint": "http://127.0.0.1:1/rem"}},
                             "namespaces": [
                   {"name": "both", "subscription_type": "map",
                    "map": {"mode": "persistent", "publish_proxy_enabled": true, "remove_proxy_enabled": true,
                            "remove_proxy_name": "mp"}},
                   {"name": "off", "subscription_type": "map", "map": {"mode": "persistent",
                    "publish_proxy_name": "mp"}}]}}""");
        ChannelOptions both = cfg.engine().channel().namespaces().get("both");
        assertThat(both.proxies().mapPublish()).isEqualTo("default");
        assertThat(both.proxies().mapRemove()).isEqualTo("mp");
        ProxyConfig p = cfg.engine().proxies();
        assertThat(p.endpoint(ProxyConfig.Kind.MAP_PUBLISH, "default").endpoint()).isEqualTo("http://127.0.0.1:1/pub");
        assertThat(p.endpoint(ProxyConfig.Kind.MAP_PUBLISH, "default").timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.endpoint(ProxyConfig.Kind.MAP_REMOVE, "mp").endpoint()).isEqualTo("http://127.0.0.1:1/mp");
        assertThat(cfg.engine().channel().namespaces().get("off").proxies()).isEqualTo(ChannelProxies.NONE);
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void badMapProxySettingsStopStartupNamingTheKey() {
        for (List<String> c : List.of(
                List.of("{\"channel\": {\"namespaces\": [{\"name\": \"ns\", \"map\": {\"publish_proxy_enabled\": true}}]}}",
                        "channel.proxy.map_publish.endpoint"),
                List.of("{\"channel\": {\"namespaces\": [{\"name\": \"ns\", \"map\": {\"remove_proxy_name\": \"zz\"}}]}}",
                        "channel.namespaces[0].map.remove_proxy_name"),
                List.of("{\"channel\": {\"proxy\": {\"map_publish\": {\"endpoint\": \"http://a\"}}, \"namespaces\":"
                        + " [{\"name\": \"ns\", \"map\": {\"client_key\": \"client_id\", \"publish_proxy_enabled\": true}}]}}",
                        "channel.namespaces[0].map.publish_proxy_enabled")) ) {
            assertThatThrownBy(() -> Fixtures.loadJson(dir, c.get(0)))
                    .as(c.get(0)).isInstanceOf(ConfigException.class).hasMessageContaining(c.get(1));
        }
    }

    @Test
    void badProxySettingsStopStartupNamingTheKey() {
        for (List<String> c : List.of(
                List.of("{\"channel\": {\"namespaces\": [{\"name\": \"ns\", \"subscribe_proxy_enabled\": true,"
                        + " \"subscribe_proxy_name\": \"nope\"}]}}",
                        "channel.namespaces[0].subscribe_proxy_name"),
                List.of("{\"channel\": {\"namespaces\": [{\"name\": \"ns\", \"publish_proxy_enabled\": true}]}}",
                        "channel.proxy.publish.endpoint"),
                List.of("{\"client\": {\"proxy\": {\"connect\": {\"enabled\": true}}}}",
                        "client.proxy.connect.endpoint"),
                List.of("{\"proxies\": [{\"name\": \"default\", \"endpoint\": \"http://a\"}]}", "proxies[0].name"),
                List.of("{\"proxies\": [{\"name\": \"a1\", \"endpoint\": \"http://a\"},"
                        + " {\"name\": \"a1\", \"endpoint\": \"http://b\"}]}", "proxies[1].name"),
                List.of("{\"proxies\": [{\"name\": \"a1\"}]}", "proxies[0].endpoint"),
                List.of("{\"rpc\": {\"without_namespace\": {\"proxy_enabled\": true, \"proxy_name\": \"zz\"}}}",
                        "rpc.without_namespace.proxy_name"),
                List.of("{\"rpc\": {\"namespaces\": [{\"name\": \"x1\", \"proxy_enabled\": true}]}}",
                        "rpc.namespaces[0].proxy_enabled"),
                List.of("{\"proxies\": [{\"name\": \"a1\", \"endpoint\": \"http://a\", \"http\":"
                        + " {\"status_to_code_transforms\": [{\"status_code\": 500}]}}]}",
                        "proxies[0].http.status_to_code_transforms[0].to_error"),
                List.of("{\"channel\": {\"namespaces\": [{\"name\": \"ns\", \"subscribe_stream_proxy_enabled\": true}]}}",
                        "channel.proxy.subscribe_stream.endpoint"),
                List.of("{\"channel\": {\"namespaces\": [{\"name\": \"ns\", \"subscribe_stream_proxy_enabled\": true,"
                        + " \"subscribe_stream_proxy_name\": \"nope\"}]}}",
                        "channel.namespaces[0].subscribe_stream_proxy_name"),
                List.of("{\"proxies\": [{\"name\": \"h1\", \"endpoint\": \"http://a/stream\"}],"
                        + " \"channel\": {\"namespaces\": [{\"name\": \"ns\", \"subscribe_stream_proxy_enabled\": true,"
                        + " \"subscribe_stream_proxy_name\": \"h1\"}]}}",
                        "channel.namespaces[0].subscribe_stream_proxy_enabled: subscribe stream proxy \"h1\" must have"
                                + " a gRPC endpoint"),
                List.of("{\"channel\": {\"namespaces\": [{\"name\": \"ns\", \"subscribe_stream_proxy_enabled\": true,"
                        + " \"subscribe_stream_proxy_bidirectional\": \"yes\"}]}}",
                        "channel.namespaces[0].subscribe_stream_proxy_bidirectional"),
                List.of("{\"channel\": {\"namespaces\": [{\"name\": \"ns\", \"subscribe_stream_proxy_enabled\": true,"
                        + " \"publish_proxy_enabled\": true}]}}",
                        "channel.namespaces[0].subscribe_stream_proxy_enabled: cannot be combined"))) {
            assertThatThrownBy(() -> Fixtures.loadJson(dir, c.get(0)))
                    .as(c.get(0)).isInstanceOf(ConfigException.class).hasMessageContaining(c.get(1));
        }
    }
}
