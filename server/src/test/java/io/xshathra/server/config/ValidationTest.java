package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every invalid value stops loading with one line that names the key and the rule. */
class ValidationTest {

    @TempDir
    Path dir;

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("{\"http_server\": {\"port\": \"8000\"}}",
                        "config: http_server.port: must be an integer, got \"8000\""),
                Arguments.of("{\"http_server\": {\"port\": 70000}}",
                        "config: http_server.port: must be between 1 and 65535, got 70000"),
                Arguments.of("{\"port\": -1}",
                        "config: http_server.port (from port): must be between 1 and 65535, got -1"),
                Arguments.of("{\"client\": {\"insecure\": \"yes\"}}",
                        "config: client.insecure: must be true or false, got \"yes\""),
                Arguments.of("{\"client\": \"x\"}", "config: client: must be an object, got \"x\""),
                Arguments.of("{\"client\": {\"allowed_origins\": \"*\"}}",
                        "config: client.allowed_origins: must be an array of strings, got \"*\""),
                Arguments.of("{\"client\": {\"ping_interval\": 25}}",
                        "config: client.ping_interval: must be a duration string such as \"25s\", got 25"),
                Arguments.of("{\"client\": {\"ping_interval\": \"25 seconds\"}}",
                        "config: client.ping_interval: invalid duration \"25 seconds\" (unknown unit \" seconds\" in"
                                + " duration); use Go duration strings such as \"25s\", \"1000ms\", \"1m30s\""),
                Arguments.of("{\"client\": {\"ping_interval\": \"5s\", \"pong_timeout\": \"8s\"}}",
                        "config: client.ping_interval: must be greater than client.pong_timeout"),
                Arguments.of("{\"ping_interval\": \"8s\"}",
                        "config: client.ping_interval (from ping_interval): must be greater than client.pong_timeout"),
                Arguments.of("{\"client\": {\"channel_limit\": -5}}",
                        "config: client.channel_limit: must not be negative, got -5"),
                Arguments.of("{\"client\": {\"stale_close_delay\": \"-1s\"}}",
                        "config: client.stale_close_delay: must not be negative, got \"-1s\""),
                Arguments.of("{\"client\": {\"token\": {\"audience_regex\": \"(\"}}}",
                        "config: client.token.audience_regex: invalid regular expression: Unclosed group near index 1"),
                Arguments.of("{\"client\": {\"token\": {\"hmac_previous_secret_key_valid_until\": \"soon\"}}}",
                        "config: client.token.hmac_previous_secret_key_valid_until: must be unix seconds or an RFC 3339"
                                + " time such as \"2030-01-01T00:00:00Z\", got \"soon\""),
                Arguments.of("{\"log\": {\"level\": \"loud\"}}",
                        "config: log.level: must be one of none, trace, debug, info, warn, error, got \"loud\""),
                Arguments.of("{\"http_api\": {\"error_mode\": \"grpc\"}}",
                        "config: http_api.error_mode: must be \"\" or \"transport\", got \"grpc\""),
                Arguments.of("{\"health\": {\"handler_prefix\": \"health\"}}",
                        "config: health.handler_prefix: must start with \"/\", got \"health\""),
                Arguments.of("{\"engine\": {\"type\": \"nats\"}}",
                        "config: engine.type: must be \"memory\" or \"redis\", got \"nats\""),
                Arguments.of("{\"channel\": {\"namespaces\": [{\"name\": \"ok\"}, {\"name\": \"a\"}]}}",
                        "config: channel.namespaces[1].name: \"a\" must match ^[-a-zA-Z0-9_.]{2,}$"),
                Arguments.of("{\"channel\": {\"namespaces\": [{\"presence\": true}]}}",
                        "config: channel.namespaces[0].name: \"\" must match ^[-a-zA-Z0-9_.]{2,}$"),
                Arguments.of("{\"channel\": {\"namespaces\": [{\"name\": \"chat:x\"}]}}",
                        "config: channel.namespaces[0].name: \"chat:x\" must match ^[-a-zA-Z0-9_.]{2,}$"),
                Arguments.of("{\"channel\": {\"namespaces\": [{\"name\": \"chat\"}, {\"name\": \"chat\"}]}}",
                        "config: channel.namespaces[1].name: duplicate namespace \"chat\" (also channel.namespaces[0])"),
                Arguments.of("{\"channel\": {\"namespaces\": {\"chat\": {}}}}",
                        "config: channel.namespaces: must be an array of namespace objects, got an object"),
                Arguments.of("{\"channel\": {\"namespaces\": [{\"name\": \"chat\", \"history_size\": 10}]}}",
                        "config: channel.namespaces[0].history_ttl: must be set when history_size is set (both or neither)"),
                Arguments.of("{\"channel\": {\"without_namespace\": {\"history_ttl\": \"10s\"}}}",
                        "config: channel.without_namespace.history_size: must be set when history_ttl is set (both or neither)"),
                Arguments.of("{\"channel\": {\"namespaces\": [{\"name\": \"chat\", \"history_size\": -1}]}}",
                        "config: channel.namespaces[0].history_size: must not be negative, got -1"),
                Arguments.of("{\"history_size\": 10, \"history_ttl\": \"1500ms\"}",
                        "config: channel.without_namespace.history_ttl (from history_ttl): must be a whole number"
                                + " of seconds, got \"1500ms\""),
                Arguments.of("{\"channel\": {\"history_meta_ttl\": \"1.5s\"}}",
                        "config: channel.history_meta_ttl: must be a whole number of seconds, got \"1.5s\""),
                Arguments.of("{\"channel\": {\"namespaces\": [{\"name\": \"chat\", \"history_size\": 10,"
                                + " \"history_ttl\": \"60s\", \"history_meta_ttl\": \"30s\"}]}}",
                        "config: channel.namespaces[0].history_meta_ttl: must be greater than or equal to history_ttl"),
                Arguments.of("{\"channel\": {\"history_meta_ttl\": \"1h\", \"namespaces\": [{\"name\": \"chat\","
                                + " \"history_size\": 10, \"history_ttl\": \"2h\"}]}}",
                        "config: channel.namespaces[0].history_ttl: must not be greater than channel.history_meta_ttl"),
                Arguments.of("{\"channel\": {\"namespaces\": [{\"name\": \"chat\", \"force_recovery\": true}]}}",
                        "config: channel.namespaces[0].force_recovery: requires history (set history_size and history_ttl)"),
                Arguments.of("{\"channel\": {\"namespaces\": [{\"name\": \"chat\", \"force_recovery_mode\": \"fast\"}]}}",
                        "config: channel.namespaces[0].force_recovery_mode: must be \"stream\" or \"cache\", got \"fast\""),
                Arguments.of("{\"channel\": {\"namespaces\": [{\"name\": \"chat\", \"auto_cache_recover\": true}]}}",
                        "config: channel.namespaces[0].auto_cache_recover: requires force_recovery with"
                                + " force_recovery_mode \"cache\""),
                Arguments.of("{\"channel\": {\"namespaces\": [{\"name\": \"chat\", \"allowed_delta_types\": [\"xdelta\"]}]}}",
                        "config: channel.namespaces[0].allowed_delta_types: unknown delta type \"xdelta\" (only"
                                + " \"fossil\" is supported)"),
                Arguments.of("{\"channel\": {\"namespaces\": [{\"name\": \"chat\", \"publication_data_format\": \"xml\"}]}}",
                        "config: channel.namespaces[0].publication_data_format: must be one of \"\", \"json\","
                                + " \"json_object\", \"binary\", got \"xml\""),
                Arguments.of("{\"channel\": {\"namespaces\": [{\"name\": \"chat\", \"channel_regex\": \"[a-\"}]}}",
                        "config: channel.namespaces[0].channel_regex: invalid regular expression: Illegal character"
                                + " range near index 3"),
                Arguments.of("{\"channel\": {\"namespaces\": [{\"name\": \"chat\", \"subscribe_stream_proxy_enabled\": true,"
                                + " \"subscribe_proxy_enabled\": true}]}}",
                        "config: channel.namespaces[0].subscribe_stream_proxy_enabled: cannot be combined with"
                                + " subscribe_proxy_enabled, publish_proxy_enabled or sub_refresh_proxy_enabled"),
                Arguments.of("{\"channel\": {\"namespaces\": [{\"name\": \"chat\", \"presence\": 1}]}}",
                        "config: channel.namespaces[0].presence: must be true or false, got 1"),
                Arguments.of("{\"websocket\": {\"message_size_limit\": 1.5}}",
                        "config: websocket.message_size_limit: must be an integer, got 1.5"),
                Arguments.of("{\"admin\": \"on\"}", "config: admin.enabled (from admin): must be true or false, got \"on\""));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void oneLineNamingTheKeyAndTheRule(String json, String message) {
        assertThatThrownBy(() -> Fixtures.loadJson(dir, json))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void malformedJsonGivesLineAndColumn() {
        Path file = Fixtures.write(dir, "bad.json", "{\n  \"client\": {\n    \"insecure\": true,\n  }\n}\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Fixtures.load(file, Fixtures.SECRETS));
        assertThat(e.getMessage()).startsWith("config: " + file + ": malformed JSON at line 4, column 3: ")
                .doesNotContain("\n");
    }

    @Test
    void duplicateKeysEmptyFilesAndNonObjects() {
        assertThatThrownBy(() -> Fixtures.loadJson(dir, "{\"port\": 1, \"port\": 2}"))
                .hasMessageContaining("malformed JSON at line 1").hasMessageContaining("Duplicate field 'port'");
        assertThatThrownBy(() -> Fixtures.loadJson(dir, "")).hasMessageEndingWith("malformed JSON: the file is empty");
        assertThatThrownBy(() -> Fixtures.loadJson(dir, "[]")).hasMessageEndingWith("the top level must be a JSON object");
    }

    @Test
    void missingAndUnsupportedFiles() {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> Fixtures.load(missing, Fixtures.SECRETS))
                .hasMessage("config: " + missing + ": file not found");
    }

    @Test
    void badFlagValues() {
        assertThatThrownBy(() -> new ConfigLoader().load(null, Fixtures.SECRETS, new CliOverrides(70000, null, null, null)))
                .hasMessage("config: --port: must be between 0 and 65535, got 70000");
        assertThatThrownBy(() -> new ConfigLoader().load(null, Fixtures.SECRETS, new CliOverrides(null, null, null, "x")))
                .hasMessage("config: --log-level: must be one of none, trace, debug, info, warn, error, got \"x\"");
    }

    @Test
    void negativePingDisablesThePingWithoutComparingToPong() {
        LoadedConfig cfg = Fixtures.loadJson(dir, "{\"client\": {\"ping_interval\": \"-1s\", \"pong_timeout\": \"30s\"}}");
        assertThat(cfg.engine().client().pingInterval()).isNegative();
    }
}
