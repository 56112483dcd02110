package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.config.GrpcProxyOptions;
import io.xshathra.engine.config.ProxyConfig;
import io.xshathra.engine.config.ProxyEndpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code grpc} settings of gRPC proxies, read as Centrifugo v6 reads them. */
class GrpcProxyConfigTest {
    /** A real certificate (EC P-256, CN=api.local), as a JSON string body with escaped newlines. */
    static final String PEM = ""
            + "-----BEGIN CERTIFICATE-----\\n"
            + "MIIBQDCB6KADAgECAgkA7iQwMH1LsiAwCgYIKoZIzj0EAwIwFDESMBAGA1UEAxMJ\\n"
            + "YXBpLmxvY2FsMCAXDTI2MTIwNTA2MTgzM1oYDzIxMjYxMTExMDYxODMzWjAUMRIw\\n"
            + "EAYDVQQDEwlhcGkubG9jYWwwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASTlxJ5\\n"
            + "E/eBt89k/CsJPIFO5CwPzp43kD7XlF84TSfVxbGYANKWCAaaUPu2FC3xQXPCzgKf\\n"
            + "xsLCJ213x658x+K3oyEwHzAdBgNVHQ4EFgQUpuLRVoXDzBdzxD2/GVxjmwnpVu8w\\n"
            + "CgYIKoZIzj0EAwIDRwAwRAIgZYpuy/VReoQXV7nVia485uOqSyyQ+K0yV3Rrteit\\n"
            + "ZekCIDorUoflWvi8Knjo8fKz8rGdNZwyQnRtIRvBBELFwYgF\\n"
            + "-----END CERTIFICATE-----\\n";
    /** Its PKCS#8 key, the same way. */
    static final String KEY = ""
            + "-----BEGIN PRIVATE KEY-----\\n"
            + "MEECAQAwEwYHKoZIzj0CAQYIKoZIzj0DAQcEJzAlAgEBBCBeUY0a94LSI6LgQ/vx\\n"
            + "pK1HwIMvnUSdy1+Ppfry5wIytQ==\\n"
            + "-----END PRIVATE KEY-----\\n";

    @TempDir
    Path dir;

    @Test
    void grpcEndpointsAndTheirSettingsAreReadWithoutWarnings() throws Exception {
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, PEM.replace("\\n", "\n"));
        LoadedConfig cfg = Fixtures.loadJson(dir, """
                {"proxies": [{"name": "backend", "endpoint": "grpc://127.0.0.1:12000", "timeout": "2s",
                              "grpc_metadata": ["X-Trace"], "binary_encoding": true,
                              "grpc": {"tls": {"enabled": true, "server_ca_pem": "%s", "server_name": "api.local"},
                                       "credentials_key": "x-api-key", "credentials_value": "s3cret",
                                       "compression": true, "static_metadata": {"x-static": "1"}}}],
                 "client": {"proxy": {"connect": {"enabled": true, "endpoint": "127.0.0.1:12000",
                                                  "grpc": {"credentials_key": "authorization",
                                                           "credentials_value": "apikey k"}}}},
                 "rpc": {"without_namespace": {"proxy_enabled": true, "proxy_name": "backend"}}}
                """.formatted(ca));
        ProxyConfig p = cfg.engine().proxies();
        ProxyEndpoint backend = p.named().get("backend");
        assertThat(backend.isHttp()).isFalse();
        GrpcProxyOptions g = backend.grpc();
        assertThat(g.tls().enabled()).isTrue();
        assertThat(new String(g.tls().serverCaPem(), StandardCharsets.UTF_8)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(g.tls().serverName()).isEqualTo("api.local");
        assertThat(g.credentialsKey()).isEqualTo("x-api-key");
        assertThat(g.credentialsValue()).isEqualTo("s3cret");
        assertThat(g.compression()).isTrue();
        assertThat(g.staticMetadata()).isEqualTo(Map.of("x-static", "1"));
        assertThat(g.toString()).doesNotContain("s3cret");
        assertThat(backend.grpcMetadata()).containsExactly("x-trace");
        assertThat(p.connect().endpoint()).isEqualTo("127.0.0.1:12000");
        assertThat(p.connect().grpc().credentialsKey()).isEqualTo("authorization");
        assertThat(p.connect().grpc().tls().enabled()).isFalse();
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void httpEndpointsKeepDefaultGrpcSettings() {
        LoadedConfig cfg = Fixtures.loadJson(dir, """
                {"rpc": {"proxy": {"endpoint": "http://127.0.0.1:9000/rpc",
                                   "grpc": {"credentials_key": "x-api-key"}}}}
                """);
        assertThat(cfg.engine().proxies().endpoint(ProxyConfig.Kind.RPC, "default").grpc())
                .isEqualTo(GrpcProxyOptions.NONE);
    }

    @Test
    void badGrpcSettingsStopStartupNamingTheKey() {
        for (List<String> c : List.of(
                List.of("{\"proxies\": [{\"name\": \"a1\", \"endpoint\": \"grpc://\"}]}", "proxies[0].endpoint"),
                List.of("{\"proxies\": [{\"name\": \"a1\", \"endpoint\": \"grpc://h:1\", \"grpc\": {\"tls\":"
                        + " {\"enabled\": true, \"server_ca_pem\": \"/no/such/file\"}}}]}",
                        "proxies[0].grpc.tls.server_ca_pem"),
                List.of("{\"rpc\": {\"proxy\": {\"endpoint\": \"grpc://h:1\", \"grpc\": {\"tls\":"
                        + " {\"enabled\": true, \"cert_pem\": \"" + PEM + "\"}}}}}", "rpc.proxy.grpc.tls.key_pem"),
                List.of("{\"rpc\": {\"proxy\": {\"endpoint\": \"grpc://h:1\", \"grpc\":"
                        + " {\"credentials_key\": \"bad key\"}}}}", "rpc.proxy.grpc.credentials_key"),
                List.of("{\"rpc\": {\"proxy\": {\"endpoint\": \"grpc://h:1\", \"grpc\":"
                        + " {\"static_metadata\": [1]}}}}", "rpc.proxy.grpc.static_metadata"))) {
            assertThatThrownBy(() -> Fixtures.loadJson(dir, c.get(0)))
                    .as(c.get(0)).isInstanceOf(ConfigException.class).hasMessageContaining(c.get(1));
        }
    }
}
