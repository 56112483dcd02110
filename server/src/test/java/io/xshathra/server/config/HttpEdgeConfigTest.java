package io.xshathra.server.config;

import static io.xshathra.server.config.Fixtures.withSecrets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.netty.HttpEdgeSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code http_server.*} request limits: defaults, file, environment, and refused values. */
class HttpEdgeConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsWhenNothingIsSet() {
        LoadedConfig cfg = Fixtures.load(null, withSecrets());
        assertThat(cfg.server().http()).isEqualTo(HttpEdgeSettings.defaults());
        assertThat(cfg.server().http().readHeaderTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(cfg.server().http().readBodyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cfg.server().http().idleTimeout()).isEqualTo(Duration.ofSeconds(75));
    }

    @Test
    void fromTheFileWithoutWarnings() {
        Path file = Fixtures.write(dir, "config.json", """
                {"http_server": {"read_header_timeout": "2s", "read_body_timeout": "1m", "idle_timeout": "90s",
                  "write_timeout": "5s", "max_initial_line_length": 4096, "max_header_size": 8192,
                  "max_header_count": 50, "pipeline_buffer_size": 1024}}""");
        LoadedConfig cfg = new ConfigLoader().load(file, withSecrets(), CliOverrides.none());
        assertThat(cfg.warnings()).isEmpty();
        assertThat(cfg.server().http()).isEqualTo(new HttpEdgeSettings(Duration.ofSeconds(2), Duration.ofMinutes(1),
                Duration.ofSeconds(90), Duration.ofSeconds(5), 4096, 8192, 50, 1024));
    }

    @Test
    void fromTheEnvironment() {
        LoadedConfig cfg = Fixtures.load(null, withSecrets("CENTRIFUGO_HTTP_SERVER_IDLE_TIMEOUT", "20s",
                "CENTRIFUGO_HTTP_SERVER_MAX_HEADER_COUNT", "30"));
        assertThat(cfg.server().http().idleTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(cfg.server().http().maxHeaderCount()).isEqualTo(30);
    }

    @Test
    void aBadValueStopsLoadingNamingTheKey() {
        Path bad = Fixtures.write(dir, "bad.json", "{\"http_server\": {\"read_body_timeout\": \"soon\"}}");
        assertThatThrownBy(() -> new ConfigLoader().load(bad, withSecrets(), CliOverrides.none()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http_server.read_body_timeout");
        Path small = Fixtures.write(dir, "small.json", "{\"http_server\": {\"max_header_size\": 100}}");
        assertThatThrownBy(() -> new ConfigLoader().load(small, withSecrets(), CliOverrides.none()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http_server.max_header_size").hasMessageContaining("at least 1024");
        Path negative = Fixtures.write(dir, "negative.json", "{\"http_server\": {\"idle_timeout\": \"-1s\"}}");
        assertThatThrownBy(() -> new ConfigLoader().load(negative, withSecrets(), CliOverrides.none()))
                .hasMessageContaining("http_server.idle_timeout");
    }
}
