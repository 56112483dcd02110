package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.config.ProxyConfig;
import io.xshathra.engine.config.SharedPollConfig;
import io.xshathra.engine.config.SharedPollOptions;
import io.xshathra.engine.config.SharedPollOptions.Mode;
import io.xshathra.engine.config.SubscriptionType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Top-level and namespace {@code shared_poll}: what is read, the defaults, and the Centrifugo v6.9.1 startup rules. */
class SharedPollConfigTest {
    @TempDir
    Path dir;

    private static final String SECRET = "\"shared_poll\": {\"hmac_secret_key\": \"s3cret\"}, ";
    private static final String NAMED = "\"proxies\": [{\"name\": \"poll_backend\", \"endpoint\": \"http://127.0.0.1:3010/refresh\","
            + " \"timeout\": \"5s\"}], ";

    private static String ns(String top, String body) {
        return "{" + top + "\"channel\": {\"namespaces\": [" + body + "]}}";
    }

    @Test
    void readsNamespaceOptionsAndTopLevelSettings() {
        LoadedConfig cfg = Fixtures.loadJson(dir, ns("\"shared_poll\": {\"hmac_secret_key\": \"s3cret\","
                + " \"hmac_previous_secret_key\": \"old\", \"hmac_previous_secret_key_valid_until\": 1700000000,"
                + " \"concurrency_limit\": 8}, " + NAMED,
                "{\"name\": \"poll\", \"subscription_type\": \"shared_poll\", \"allow_subscribe_for_client\": true,"
                + " \"shared_poll\": {\"proxy_name\": \"poll_backend\", \"mode\": \"versioned\","
                + " \"refresh_interval\": \"200ms\", \"refresh_batch_size\": 100, \"max_keys_per_connection\": 100,"
                + " \"channel_shutdown_delay\": \"-1s\", \"track_expired_extra_delay\": \"3s\","
                + " \"publish_enabled\": true}}"));
        SharedPollConfig top = cfg.engine().sharedPoll();
        assertThat(top.hmacSecretKey()).isEqualTo("s3cret");
        assertThat(top.hmacPreviousSecretKey()).isEqualTo("old");
        assertThat(top.hmacPreviousSecretKeyValidUntil()).isEqualTo(1700000000L);
        assertThat(top.effectiveConcurrencyLimit()).isEqualTo(8);
        assertThat(top.toString()).doesNotContain("s3cret").doesNotContain("old,");
        var poll = cfg.engine().channel().namespaces().get("poll");
        assertThat(poll.subscriptionType()).isEqualTo(SubscriptionType.SHARED_POLL);
        SharedPollOptions o = poll.sharedPoll();
        assertThat(o.configured()).isTrue();
        assertThat(o.mode()).isEqualTo(Mode.VERSIONED);
        assertThat(o.proxyName()).isEqualTo("poll_backend");
        assertThat(o.effectiveRefreshInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(o.effectiveRefreshBatchSize()).isEqualTo(100);
        assertThat(o.effectiveMaxKeysPerConnection()).isEqualTo(100);
        assertThat(o.effectiveChannelShutdownDelay()).as("negative: at once").isEqualTo(Duration.ZERO);
        assertThat(o.effectiveTrackExpiredExtraDelay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.publishEnabled()).isTrue();
        assertThat(cfg.warnings()).as("shared-poll namespaces are served: no warning").isEmpty();
    }

    @Test
    void omittedValuesFallBackToTheReferenceDefaults() {
        LoadedConfig cfg = Fixtures.loadJson(dir, ns(SECRET, "{\"name\": \"pollvl\", \"subscription_type\": \"shared_poll\","
                + " \"shared_poll\": {\"refresh_batch_size\": -3}}").replace("\"channel\": {",
                "\"channel\": {\"proxy\": {\"shared_poll_refresh\": {\"endpoint\": \"http://127.0.0.1:3010/r\"}}, "));
        SharedPollOptions o = cfg.engine().channel().namespaces().get("pollvl").sharedPoll();
        assertThat(o.mode()).isEqualTo(Mode.VERSIONLESS);
        assertThat(o.proxyName()).isEqualTo("default");
        assertThat(o.effectiveRefreshInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.effectiveRefreshBatchSize()).isEqualTo(1000);
        assertThat(o.effectiveMaxKeysPerConnection()).isEqualTo(5000);
        assertThat(o.effectiveChannelShutdownDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.effectiveTrackExpiredExtraDelay()).isEqualTo(Duration.ofSeconds(25));
        assertThat(o.publishEnabled()).isFalse();
        assertThat(cfg.engine().sharedPoll().effectiveConcurrencyLimit()).isEqualTo(64);
        assertThat(cfg.engine().proxies().endpoint(ProxyConfig.Kind.SHARED_POLL_REFRESH, "default").endpoint())
                .isEqualTo("http://127.0.0.1:3010/r");
    }

    @Test
    void aSharedPollSectionOnAStreamNamespaceHasNoEffect() {
        LoadedConfig cfg = Fixtures.loadJson(dir, ns("", "{\"name\": \"st\", \"shared_poll\": {\"mode\": \"bogus\"}}"));
        assertThat(cfg.engine().channel().namespaces().get("st").sharedPoll()).isEqualTo(SharedPollOptions.NONE);
        assertThat(cfg.engine().sharedPoll()).isEqualTo(SharedPollConfig.NONE);
    }

    static Stream<Arguments> invalid() {
        String sp = "{\"name\": \"poll\", \"subscription_type\": \"shared_poll\", \"shared_poll\": ";
        return Stream.of(
                Arguments.of(ns(NAMED, sp + "{\"proxy_name\": \"poll_backend\"}}"),
                        "config: channel.namespaces[0].subscription_type: shared_poll.hmac_secret_key is required"
                                + " when subscription_type is \"shared_poll\""),
                Arguments.of(ns(SECRET + NAMED, sp + "{\"proxy_name\": \"nope\"}}"),
                        "config: channel.namespaces[0].shared_poll.proxy_name: shared poll proxy with name \"nope\""
                                + " not found in proxies"),
                Arguments.of(ns(SECRET, sp + "{}}"),
                        "config: channel.proxy.shared_poll_refresh.endpoint: must be set: the namespace"
                                + " channel.namespaces[0].shared_poll.proxy_name polls through the default"
                                + " shared_poll_refresh proxy"),
                Arguments.of(ns(SECRET + NAMED, sp + "{\"proxy_name\": \"poll_backend\", \"mode\": \"eventual\"}}"),
                        "config: channel.namespaces[0].shared_poll.mode: invalid shared_poll mode \"eventual\""
                                + " (valid: \"versionless\", \"versioned\")"),
                Arguments.of(ns(SECRET + NAMED, sp + "{\"proxy_name\": \"poll_backend\", \"publish_enabled\": true}}"),
                        "config: channel.namespaces[0].shared_poll.publish_enabled: is incompatible with versionless"
                                + " mode (requires explicit versions: set mode \"versioned\")"),
                Arguments.of(ns(SECRET + NAMED, sp + "{\"proxy_name\": \"poll_backend\", \"refresh_interval\": \"soon\"}}"),
                        "config: channel.namespaces[0].shared_poll.refresh_interval: invalid duration \"soon\""));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void badSharedPollSettingsStopStartupWithOneLine(String json, String message) {
        assertThatThrownBy(() -> Fixtures.loadJson(dir, json)).isInstanceOf(ConfigException.class)
                .message().startsWith(message);
    }
}
