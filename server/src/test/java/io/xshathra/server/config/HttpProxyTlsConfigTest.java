package io.xshathra.server.config;

import static io.xshathra.server.config.GrpcProxyConfigTest.KEY;
import static io.xshathra.server.config.GrpcProxyConfigTest.PEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.config.GrpcProxyOptions;
import io.xshathra.engine.config.ProxyConfig;
import io.xshathra.engine.config.ProxyEndpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code http.tls} of HTTP proxies: PEM text, base64 or a file; unusable values stop startup naming the key. */
class HttpProxyTlsConfigTest {
    @TempDir
    Path dir;

    @Test
    void theTlsSettingsOfAnHttpsProxyAreRead() throws Exception {
        Path keyFile = dir.resolve("client.key");
        Files.writeString(keyFile, KEY.replace("\\n", "\n"));
        String caBase64 = Base64.getEncoder().encodeToString(PEM.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8));
        LoadedConfig cfg = Fixtures.loadJson(dir, """
                {"proxies": [{"name": "secure", "endpoint": "https://api.local:8443/rpc",
                              "http": {"tls": {"enabled": true, "server_ca_pem": "%s", "cert_pem": "%s",
                                               "key_pem": "%s", "server_name": "api.local"}}}],
                 "client": {"proxy": {"connect": {"enabled": true, "endpoint": "https://x.local/connect",
                                                  "http": {"tls": {"enabled": true, "insecure_skip_verify": true}}}}},
                 "rpc": {"without_namespace": {"proxy_enabled": true, "proxy_name": "secure"}}}
                """.formatted(caBase64, PEM, keyFile));
        ProxyConfig p = cfg.engine().proxies();
        GrpcProxyOptions.Tls tls = p.named().get("secure").httpTls();
        assertThat(tls.enabled()).isTrue();
        assertThat(new String(tls.serverCaPem(), StandardCharsets.UTF_8)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(new String(tls.certPem(), StandardCharsets.UTF_8)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(new String(tls.keyPem(), StandardCharsets.UTF_8)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(tls.serverName()).isEqualTo("api.local");
        assertThat(tls.toString()).doesNotContain("PRIVATE");
        assertThat(p.connect().httpTls().insecureSkipVerify()).isTrue();
        assertThat(p.connect().httpTls().serverCaPem()).isNull();
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void withoutTlsAnEndpointUsesTheJdkStore() {
        LoadedConfig cfg = Fixtures.loadJson(dir, "{\"rpc\": {\"proxy\": {\"endpoint\": \"https://h/rpc\"}}}");
        ProxyEndpoint ep = cfg.engine().proxies().endpoint(ProxyConfig.Kind.RPC, "default");
        assertThat(ep.httpTls()).isEqualTo(GrpcProxyOptions.Tls.OFF);
    }

    @Test
    void unusablePemStopsStartupNamingTheKey() {
        String notACert = "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n";
        for (List<String> c : List.of(
                List.of(tls("\"server_ca_pem\": \"/no/such/file\""), "rpc.proxy.http.tls.server_ca_pem"),
                List.of(tls("\"server_ca_pem\": \"" + notACert + "\""), "rpc.proxy.http.tls.server_ca_pem"),
                List.of(tls("\"cert_pem\": \"" + PEM + "\", \"key_pem\": \"" + PEM + "\""),
                        "rpc.proxy.http.tls.key_pem: holds no PKCS#8 private key"),
                List.of(tls("\"cert_pem\": \"" + PEM + "\""), "rpc.proxy.http.tls.key_pem"),
                List.of(tls("\"key_pem\": \"" + KEY + "\""), "rpc.proxy.http.tls.cert_pem"))) {
            assertThatThrownBy(() -> Fixtures.loadJson(dir, c.get(0)))
                    .as(c.get(0)).isInstanceOf(ConfigException.class).hasMessageContaining(c.get(1));
        }
    }

    private static String tls(String fields) {
        return "{\"rpc\": {\"proxy\": {\"endpoint\": \"https://h/rpc\", \"http\": {\"tls\": {\"enabled\": true, "
                + fields + "}}}}}";
    }
}
