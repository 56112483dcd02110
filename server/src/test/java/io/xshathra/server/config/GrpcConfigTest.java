package io.xshathra.server.config;

import static io.xshathra.server.config.Fixtures.withSecrets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.grpc.GrpcApiSettings;
import io.xshathra.grpc.UniGrpcSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grpc_api.*} and {@code uni_grpc.*}: defaults, file, environment, and refused values. */
class GrpcConfigTest {
    private static final String PEM = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";

    @TempDir
    Path dir;

    @Test
    void offByDefault() {
        LoadedConfig cfg = Fixtures.load(null, withSecrets());
        assertThat(cfg.server().grpc()).isEqualTo(ServerSettings.Grpc.DISABLED);
    }

    @Test
    void fromTheFileWithoutWarnings() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), PEM);
        Path file = Fixtures.write(dir, "config.json", """
                {"grpc_api": {"enabled": true, "port": 10001, "key": "k", "reflection": true,
                  "error_mode": "transport", "max_receive_message_size": 65536},
                 "uni_grpc": {"enabled": true, "address": "0.0.0.0", "tls": {"enabled": true,
                  "cert_pem": "%s", "key_pem": "%s", "insecure_skip_verify": true}}}""".formatted(cert, cert));
        LoadedConfig cfg = new ConfigLoader().load(file, withSecrets(), CliOverrides.none());
        assertThat(cfg.warnings()).isEmpty();
        GrpcApiSettings api = cfg.server().grpc().api();
        assertThat(api.listener().enabled()).isTrue();
        assertThat(api.listener().address()).isEqualTo("127.0.0.1");
        assertThat(api.listener().port()).isEqualTo(10001);
        assertThat(api.listener().maxReceiveMessageSize()).isEqualTo(65536);
        assertThat(api.listener().tls()).isNull();
        assertThat(api.key()).isEqualTo("k");
        assertThat(api.reflection()).isTrue();
        assertThat(api.transportErrorMode()).isTrue();
        UniGrpcSettings uni = cfg.server().grpc().uni();
        assertThat(uni.listener().address()).isEqualTo("0.0.0.0");
        assertThat(uni.listener().port()).isEqualTo(UniGrpcSettings.DEFAULT_PORT);
        assertThat(new String(uni.listener().tls().certPem())).isEqualTo(PEM);
        assertThat(cfg.server().toString()).doesNotContain("\"k\"").contains("key=(set)");
    }

    @Test
    void fromTheEnvironment() {
        LoadedConfig cfg = Fixtures.load(null, withSecrets("CENTRIFUGO_GRPC_API_ENABLED", "true",
                "CENTRIFUGO_GRPC_API_PORT", "18400", "CENTRIFUGO_GRPC_API_KEY", "secret",
                "CENTRIFUGO_UNI_GRPC_ENABLED", "true", "CENTRIFUGO_UNI_GRPC_PORT", "18401"));
        assertThat(cfg.warnings()).isEmpty();
        assertThat(cfg.server().grpc().api().listener().port()).isEqualTo(18400);
        assertThat(cfg.server().grpc().api().key()).isEqualTo("secret");
        assertThat(cfg.server().grpc().uni().listener().port()).isEqualTo(18401);
        assertThat(cfg.server().grpc().uni().listener().enabled()).isTrue();
    }

    @Test
    void v5NamesAreRead() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), PEM);
        Path file = Fixtures.write(dir, "v5.json", """
                {"grpc_api": true, "grpc_api_port": 10010, "grpc_api_key": "k5",
                 "uni_grpc": true, "uni_grpc_port": 11010, "uni_grpc_tls": true,
                 "uni_grpc_tls_cert": "%s", "uni_grpc_tls_key": "%s"}""".formatted(cert, cert));
        LoadedConfig cfg = new ConfigLoader().load(file, withSecrets(), CliOverrides.none());
        assertThat(cfg.server().grpc().api().listener().port()).isEqualTo(10010);
        assertThat(cfg.server().grpc().api().key()).isEqualTo("k5");
        assertThat(cfg.server().grpc().uni().listener().port()).isEqualTo(11010);
        assertThat(cfg.server().grpc().uni().listener().tls()).isNotNull();
    }

    @Test
    void aBadValueStopsLoadingNamingTheKey() {
        assertRefused("{\"grpc_api\": {\"enabled\": true, \"error_mode\": \"grpc\"}}", "grpc_api.error_mode");
        assertRefused("{\"grpc_api\": {\"enabled\": true, \"port\": 70000}}", "grpc_api.port");
        assertRefused("{\"uni_grpc\": {\"enabled\": true, \"max_receive_message_size\": -1}}",
                "uni_grpc.max_receive_message_size");
        assertRefused("{\"uni_grpc\": {\"enabled\": true, \"tls\": {\"enabled\": true}}}", "uni_grpc.tls.cert_pem");
        assertRefused("{\"grpc_api\": {\"enabled\": true, \"tls\": {\"enabled\": true, \"cert_pem\": \"/nope\","
                + " \"key_pem\": \"/nope\"}}}", "grpc_api.tls.cert_pem");
    }

    private void assertRefused(String json, String key) {
        Path bad = Fixtures.write(dir, "bad.json", json);
        assertThatThrownBy(() -> new ConfigLoader().load(bad, withSecrets(), CliOverrides.none()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(key);
    }
}
