package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.config.ChannelConfig;
import io.xshathra.engine.config.ClientConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code client.command_queue_limit} and {@code channel.memory_stream_limit}: file, environment, defaults, validation. */
class ResourceBoundsConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsApplyWhenUnsetOrZero() {
        LoadedConfig cfg = Fixtures.loadJson(dir,
                "{\"client\": {\"command_queue_limit\": 0}, \"channel\": {\"memory_stream_limit\": 0}}");
        assertThat(cfg.engine().client().commandQueueLimit()).isEqualTo(ClientConfig.DEFAULT_COMMAND_QUEUE_LIMIT)
                .isEqualTo(1024);
        assertThat(cfg.engine().channel().memoryStreamLimit()).isEqualTo(ChannelConfig.DEFAULT_MEMORY_STREAM_LIMIT)
                .isEqualTo(100_000);
    }

    @Test
    void theFileSetsThem() {
        LoadedConfig cfg = Fixtures.loadJson(dir,
                "{\"client\": {\"command_queue_limit\": 64}, \"channel\": {\"memory_stream_limit\": 500}}");
        assertThat(cfg.engine().client().commandQueueLimit()).isEqualTo(64);
        assertThat(cfg.engine().channel().memoryStreamLimit()).isEqualTo(500);
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void theEnvironmentSetsThem() {
        LoadedConfig cfg = Fixtures.load(null, Fixtures.withSecrets("CENTRIFUGO_CLIENT_COMMAND_QUEUE_LIMIT", "32",
                "CENTRIFUGO_CHANNEL_MEMORY_STREAM_LIMIT", "7"));
        assertThat(cfg.engine().client().commandQueueLimit()).isEqualTo(32);
        assertThat(cfg.engine().channel().memoryStreamLimit()).isEqualTo(7);
    }

    @Test
    void aNegativeValueStopsLoadingNamingTheKey() {
        assertThatThrownBy(() -> Fixtures.loadJson(dir, "{\"client\": {\"command_queue_limit\": -1}}"))
                .hasMessage("config: client.command_queue_limit: must not be negative, got -1");
        assertThatThrownBy(() -> Fixtures.loadJson(dir, "{\"channel\": {\"memory_stream_limit\": -3}}"))
                .hasMessage("config: channel.memory_stream_limit: must not be negative, got -3");
    }
}
