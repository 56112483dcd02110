package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.config.PersonalChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code client.subscribe_to_user_personal_channel} and the node connection limits: reading and startup checks. */
class PersonalChannelAndLimitsConfigTest {

    @TempDir
    Path dir;

    @Test
    void readFromTheFileWithoutWarnings() {
        LoadedConfig cfg = Fixtures.loadJson(dir, """
                {"client": {"connection_limit": 100, "connection_rate_limit": 5,
                            "subscribe_to_user_personal_channel": {"enabled": true,
                              "personal_channel_namespace": "personal", "single_connection": true}},
                 "channel": {"namespaces": [{"name": "personal", "presence": true}]}}
                """);
        assertThat(cfg.engine().client().personalChannel()).isEqualTo(new PersonalChannel(true, "personal", true));
        assertThat(cfg.engine().client().connectionLimit()).isEqualTo(100);
        assertThat(cfg.engine().client().connectionRateLimit()).isEqualTo(5);
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void v5NamesWork() {
        LoadedConfig cfg = Fixtures.loadJson(dir, """
                {"user_subscribe_to_personal": true, "user_personal_channel_namespace": "personal",
                 "namespaces": [{"name": "personal"}]}
                """);
        assertThat(cfg.engine().client().personalChannel()).isEqualTo(new PersonalChannel(true, "personal", false));
    }

    @Test
    void theNamespaceMustExist() {
        assertThatThrownBy(() -> Fixtures.loadJson(dir, """
                {"client": {"subscribe_to_user_personal_channel": {"enabled": true,
                  "personal_channel_namespace": "nope"}}}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("client.subscribe_to_user_personal_channel.personal_channel_namespace")
                .hasMessageContaining("nope");
    }

    @Test
    void singleConnectionNeedsPresence() {
        assertThatThrownBy(() -> Fixtures.loadJson(dir, """
                {"client": {"subscribe_to_user_personal_channel": {"enabled": true,
                  "personal_channel_namespace": "personal", "single_connection": true}},
                 "channel": {"namespaces": [{"name": "personal"}]}}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("client.subscribe_to_user_personal_channel.single_connection")
                .hasMessageContaining("presence");
        assertThatThrownBy(() -> Fixtures.loadJson(dir, """
                {"client": {"subscribe_to_user_personal_channel": {"enabled": true, "single_connection": true}}}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("channel.without_namespace");
        LoadedConfig ok = Fixtures.loadJson(dir, """
                {"client": {"subscribe_to_user_personal_channel": {"enabled": true, "single_connection": true}},
                 "channel": {"without_namespace": {"presence": true}}}
                """);
        assertThat(ok.engine().client().personalChannel().singleConnection()).isTrue();
    }

    @Test
    void negativeRateIsRefused() {
        assertThatThrownBy(() -> Fixtures.loadJson(dir, "{\"client\": {\"connection_rate_limit\": -1}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("client.connection_rate_limit");
    }
}
