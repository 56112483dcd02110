package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.config.ChannelConfig;
import io.xshathra.engine.config.ClientConfig;
import io.xshathra.engine.config.ClientTuning;
import java.time.Duration;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code client.command_queue_limit}, {@code channel.memory_stream_limit} and the client tuning knobs: file,
 * environment, defaults, validation.
 */
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

    @Test
    void concurrencyAndTimeLagAreReadOffByDefault() {
        LoadedConfig none = Fixtures.loadJson(dir, "{}");
        assertThat(none.engine().client().tuning()).isEqualTo(ClientTuning.NONE);
        LoadedConfig cfg = Fixtures.loadJson(dir,
                "{\"client\": {\"concurrency\": 8, \"channel_position_max_time_lag\": \"1500ms\"}}");
        assertThat(cfg.engine().client().tuning()).isEqualTo(new ClientTuning(8, Duration.ofMillis(1500)));
        assertThat(cfg.warnings()).isEmpty();
        LoadedConfig env = Fixtures.load(null, Fixtures.withSecrets("CENTRIFUGO_CLIENT_CONCURRENCY", "3",
                "CENTRIFUGO_CLIENT_CHANNEL_POSITION_MAX_TIME_LAG", "2s"));
        assertThat(env.engine().client().tuning()).isEqualTo(new ClientTuning(3, Duration.ofSeconds(2)));
    }

    @Test
    void badConcurrencyOrTimeLagStopsLoadingNamingTheKey() {
        assertThatThrownBy(() -> Fixtures.loadJson(dir, "{\"client\": {\"concurrency\": -2}}"))
                .hasMessage("config: client.concurrency: must not be negative, got -2");
        assertThatThrownBy(() -> Fixtures.loadJson(dir, "{\"client\": {\"channel_position_max_time_lag\": \"soon\"}}"))
                .hasMessageStartingWith("config: client.channel_position_max_time_lag: ");
    }

    /** {@code client.write_hold_max} as read from a file whose {@code client} object is {@code client}. */
    private Duration writeHold(String client) {
        return Fixtures.loadJson(dir, "{\"client\": " + client + "}").engine().client().tuning().writeHoldMax();
    }

    @Test
    void theWriteHoldIsEightMillisecondsUnlessSetAndNegativeTurnsItOff() {
        assertThat(writeHold("{}")).isEqualTo(ClientTuning.DEFAULT_WRITE_HOLD_MAX).isEqualTo(Duration.ofMillis(8));
        assertThat(writeHold("{\"write_hold_max\": \"2ms\"}")).isEqualTo(Duration.ofMillis(2));
        assertThat(writeHold("{\"write_hold_max\": \"-1ms\"}")).isZero();
        LoadedConfig env = Fixtures.load(null, Fixtures.withSecrets("CENTRIFUGO_CLIENT_WRITE_HOLD_MAX", "500us"));
        assertThat(env.engine().client().tuning().writeHoldMax()).isEqualTo(Duration.ofNanos(500_000));
    }

    @Test
    void aWriteHoldPastItsLimitStopsLoadingNamingTheKey() {
        assertThatThrownBy(() -> writeHold("{\"write_hold_max\": \"150ms\"}"))
                .hasMessage("config: client.write_hold_max: must be at most 100ms, got \"150ms\"");
        assertThatThrownBy(() -> writeHold("{\"write_hold_max\": \"later\"}"))
                .hasMessageStartingWith("config: client.write_hold_max: ");
    }
}
