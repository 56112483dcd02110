package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.channel.ResolvedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Projects' namespaces read with the configuration's own rules, against its channel-wide settings. */
class ProjectNamespaceCompilerTest {

    private static final String CONFIG = """
            {"channel": {"history_meta_ttl": "600s", "namespace_boundary": "/",
              "namespaces": [
                {"name": "chat", "presence": true, "history_size": 10, "history_ttl": "300s",
                 "allow_subscribe_for_client": true},
                {"name": "backed", "allow_subscribe_for_client": true, "subscribe_proxy_enabled": true,
                 "subscribe_proxy_name": "p1"},
                {"name": "polled", "subscription_type": "shared_poll", "shared_poll": {"proxy_name": "p1"}}
              ]},
             "shared_poll": {"hmac_secret_key": "k"},
             "proxies": [{"name": "p1", "endpoint": "http://127.0.0.1:9/p"}]}
            """;

    @TempDir
    Path dir;

    private ProjectNamespaceCompiler compiler() {
        return Fixtures.loadJson(dir, CONFIG).namespaces();
    }

    private void assertRefused(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ControlPlaneException.class, e -> {
            assertThat(e.reason()).isEqualTo(ControlPlaneException.Reason.INVALID_ARGUMENT);
            assertThat(e.getMessage()).startsWith(message);
        });
    }

    @Test
    void theConfiguredNamespacesAreTheDefaultsWithoutWhatProjectsMayNotSet() {
        Map<String, String> d = compiler().defaults();
        assertThat(d).containsOnlyKeys("chat", "backed");
        assertThat(d.get("chat")).isEqualTo(
                "{\"presence\":true,\"history_size\":10,\"history_ttl\":\"300s\",\"allow_subscribe_for_client\":true}");
        assertThat(d.get("backed")).doesNotContain("proxy");
    }

    @Test
    void optionsAreCheckedAsTheConfigurationFileIsAndStoredCompact() {
        ProjectNamespaceCompiler c = compiler();
        assertThat(c.check("rooms", " { \"presence\" : true , \"join_leave\": true } "))
                .isEqualTo("{\"presence\":true,\"join_leave\":true}");
        assertRefused(() -> c.check("rooms", "{\"history_size\": 10}"), "history_ttl: must be set when history_size is set");
        assertRefused(() -> c.check("rooms", "{\"presence\": \"yes\"}"), "presence: must be true or false");
        assertRefused(() -> c.check("rooms", "{\"history_size\": 1, \"history_ttl\": \"1.5s\"}"),
                "history_ttl: must be a whole number of seconds");
        assertRefused(() -> c.check("rooms", "{\"histroy_size\": 1}"), "histroy_size: unknown option");
        assertRefused(() -> c.check("rooms", "{\"map\": {\"mode\": \"wrong\"}}"), "map.mode:");
        assertRefused(() -> c.check("rooms", "[1]"), "options: must be a JSON object");
        assertRefused(() -> c.check("rooms", "{\"presence\": tru"), "options: not valid JSON");
        assertRefused(() -> c.check("rooms", "{\"name\": \"other\"}"), "name:");
    }

    @Test
    void theConfigurationsChannelWideSettingsApply() {
        // history_meta_ttl 600s in the file: a namespace may not keep history longer than its metadata.
        assertRefused(() -> compiler().check("rooms", "{\"history_size\": 5, \"history_ttl\": \"900s\"}"),
                "history_ttl: must not be greater than channel.history_meta_ttl");
    }

    @Test
    void optionsThatReachTheOperatorsBackendsAreRefused() {
        ProjectNamespaceCompiler c = compiler();
        assertRefused(() -> c.check("rooms", "{\"subscribe_proxy_enabled\": true}"), "subscribe_proxy_enabled:");
        assertRefused(() -> c.check("rooms", "{\"publish_proxy_name\": \"default\"}"), "publish_proxy_name:");
        assertRefused(() -> c.check("rooms", "{\"proxy_subscribe\": true}"), "proxy_subscribe:");
        assertRefused(() -> c.check("rooms", "{\"subscription_type\": \"shared_poll\"}"), "subscription_type:");
        assertRefused(() -> c.check("rooms", "{\"map\": {\"publish_proxy_enabled\": true}}"), "map.publish_proxy_enabled:");
        assertRefused(() -> c.check("rooms", "{\"channel_regex\": \"^(a+)+$\"}"), "channel_regex:");
    }

    @Test
    void aProjectsRulesHoldItsNamespacesAndTheConfigurationsOtherSettings() {
        ProjectNamespaceCompiler c = compiler();
        Map<String, String> mine = new LinkedHashMap<>();
        mine.put("game", c.check("game", "{\"history_size\": 3, \"history_ttl\": \"60s\", \"presence\": true}"));
        ChannelRules rules = c.compile(mine);
        ResolvedChannel game = rules.resolve("game/42");
        assertThat(game).isNotNull();
        assertThat(game.options().historySize()).isEqualTo(3);
        assertThat(game.options().historyTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(game.options().presence()).isTrue();
        assertThat(rules.resolve("chat/1")).as("not the configuration's namespaces").isNull();
        assertThat(rules.config().historyMetaTtl()).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void crossNamespaceRulesAreCheckedOnTheWholeListAndNameTheNamespace() {
        ProjectNamespaceCompiler c = compiler();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("chat", "{}");
        all.put("board", "{\"map_clients_presence_channel_prefix\": \"nowhere/\"}");
        assertRefused(() -> c.compile(all), "board.map_clients_presence_channel_prefix:");
    }
}
