package io.xshathra.server.config;

import static io.xshathra.server.config.Fixtures.withSecrets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.controlplane.limits.LimitSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xshathra.project_limits.*}: every project's default limits. */
class ProjectLimitsConfigTest {

    @TempDir
    Path dir;

    @Test
    void noLimitsByDefault() {
        assertThat(Fixtures.load(null, withSecrets()).server().projectLimits()).isEqualTo(LimitSettings.UNLIMITED);
    }

    @Test
    void fromTheFile() throws Exception {
        Path file = Fixtures.write(dir, "config.json", "{\"xshathra\": {\"project_limits\": {\"max_connections\": 100,"
                + " \"max_publications_per_second\": 20, \"max_message_size\": 16384}}}");
        LoadedConfig cfg = new ConfigLoader().load(file, withSecrets(), CliOverrides.none());
        assertThat(cfg.server().projectLimits()).isEqualTo(new LimitSettings(100, 20, 16384));
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void aBadValueStopsLoadingNamingTheKey() throws Exception {
        Path negative = Fixtures.write(dir, "negative.json", "{\"xshathra\": {\"project_limits\": {\"max_connections\": -1}}}");
        assertThatThrownBy(() -> new ConfigLoader().load(negative, withSecrets(), CliOverrides.none()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("xshathra.project_limits.max_connections");
        Path text = Fixtures.write(dir, "text.json",
                "{\"xshathra\": {\"project_limits\": {\"max_message_size\": \"16k\"}}}");
        assertThatThrownBy(() -> new ConfigLoader().load(text, withSecrets(), CliOverrides.none()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("xshathra.project_limits.max_message_size");
        Path huge = Fixtures.write(dir, "huge.json",
                "{\"xshathra\": {\"project_limits\": {\"max_publications_per_second\": 99999999999}}}");
        assertThatThrownBy(() -> new ConfigLoader().load(huge, withSecrets(), CliOverrides.none()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("xshathra.project_limits.max_publications_per_second");
    }
}
