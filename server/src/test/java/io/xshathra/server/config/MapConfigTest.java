package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.MapBrokerConfig;
import io.xshathra.engine.config.MapOptions;
import io.xshathra.engine.config.MapOptions.MapMode;
import io.xshathra.engine.config.SubscriptionType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Map namespaces and {@code map_broker}: what is read, and the Centrifugo v6.9 rules that stop startup. */
class MapConfigTest {
    @TempDir
    Path dir;

    private static String ns(String body) {
        return "{\"channel\": {\"namespaces\": [" + body + "]}}";
    }

    @Test
    void readsAMapNamespaceWithItsPresenceChannels() {
        LoadedConfig cfg = Fixtures.loadJson(dir, ns("{\"name\": \"room\", \"subscription_type\": \"map\","
                + " \"map_clients_presence_channel_prefix\": \"who:\","
                + " \"map\": {\"mode\": \"recoverable\", \"key_ttl\": \"30s\", \"stream_size\": 10,"
                + " \"client_key\": \"user_id\", \"allow_publish_for_subscriber\": true, \"min_page_size\": 1,"
                + " \"subscribe_catch_up_timeout\": \"-1s\"}},"
                + "{\"name\": \"who\", \"subscription_type\": \"map_clients\","
                + " \"map\": {\"mode\": \"ephemeral\", \"key_ttl\": \"60s\"}}"));
        ChannelOptions room = cfg.engine().channel().namespaces().get("room");
        assertThat(room.subscriptionType()).isEqualTo(SubscriptionType.MAP);
        MapOptions m = room.map();
        assertThat(m.mode()).isEqualTo(MapMode.RECOVERABLE);
        assertThat(m.keyTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(m.effectiveStreamSize()).isEqualTo(10);
        assertThat(m.effectiveMetaTtl()).as("ten stream TTLs").isEqualTo(Duration.ofMinutes(10));
        assertThat(m.clientKey()).isEqualTo(MapOptions.ClientKey.USER_ID);
        assertThat(m.access().publishForSubscriber()).isTrue();
        assertThat(m.paging().pageSize(1)).isEqualTo(1);
        assertThat(m.paging().pageSize(0)).isEqualTo(100);
        assertThat(m.paging().catchUpTimeout().isNegative()).isTrue();
        assertThat(m.clientsPresencePrefix()).isEqualTo("who:");
        assertThat(cfg.engine().channel().namespaces().get("who").subscriptionType())
                .isEqualTo(SubscriptionType.MAP_CLIENTS);
        assertThat(cfg.warnings()).isEmpty();
        assertThat(cfg.engine().mapBroker()).isEqualTo(MapBrokerConfig.NONE);
    }

    @Test
    void aMapSectionOnAStreamNamespaceHasNoEffect() {
        LoadedConfig cfg = Fixtures.loadJson(dir, ns("{\"name\": \"st\", \"map\": {\"mode\": \"ephemeral\","
                + " \"key_ttl\": \"5s\"}}"));
        assertThat(cfg.engine().channel().namespaces().get("st").map()).isEqualTo(MapOptions.NONE);
    }

    @Test
    void theRedisMapBrokerUsesTheRedisEngine() {
        LoadedConfig cfg = Fixtures.loadJson(dir, "{\"engine\": {\"type\": \"redis\"}, \"map_broker\": {\"type\":"
                + " \"redis\"}}");
        assertThat(cfg.engine().mapBroker().type()).isEqualTo("redis");
        assertThat(cfg.server().mapRedis()).as("no map_broker.redis: the engine's connection").isNull();
    }

    @Test
    void mapBrokerRedisIsTheMapBrokersOwnConnection() {
        LoadedConfig own = Fixtures.loadJson(dir, """
                {"engine": {"type": "redis", "redis": {"address": "redis://10.0.0.1:6379"}},
                 "map_broker": {"type": "redis", "redis": {"address": ["redis://10.0.0.2:6379",
                   "redis://10.0.0.3:6379"], "prefix": "maps", "db": 2, "io_timeout": "2s"}}}""");
        assertThat(own.server().mapRedis().addresses()).containsExactly("redis://10.0.0.2:6379",
                "redis://10.0.0.3:6379");
        assertThat(own.server().mapRedis().prefix()).isEqualTo("maps");
        assertThat(own.server().mapRedis().db()).isEqualTo(2);
        assertThat(own.server().mapRedis().ioTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(own.server().redis().addresses()).containsExactly("redis://10.0.0.1:6379");
        assertThat(own.warnings()).isEmpty();

        LoadedConfig memoryEngine = Fixtures.loadJson(dir, "{\"map_broker\": {\"type\": \"redis\"}}");
        assertThat(memoryEngine.server().redis()).isNull();
        assertThat(memoryEngine.server().mapRedis().addresses()).as("Centrifugo's default")
                .containsExactly("redis://127.0.0.1:6379");
        assertThat(memoryEngine.server().mapRedis().prefix()).isEqualTo("centrifugo");

        LoadedConfig memoryMaps = Fixtures.loadJson(dir, "{\"map_broker\": {\"redis\": {\"address\": \"x:1\"}}}");
        assertThat(memoryMaps.server().mapRedis()).as("type memory: the section has no effect").isNull();

        MapBrokerConfig defaults = memoryEngine.engine().mapBroker();
        assertThat(defaults.cleanupInterval()).as("Centrifugo's defaults").isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.cleanupBatchSize()).isEqualTo(100);
        assertThat(defaults.idempotentResultTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.skipPubSub()).isFalse();
    }

    @Test
    void readsTheRedisMapBrokerTuning() {
        LoadedConfig tuned = Fixtures.loadJson(dir, "{\"map_broker\": {\"type\": \"redis\", \"redis\":"
                + " {\"cleanup_interval\": \"2s\", \"cleanup_batch_size\": 7, \"idempotent_result_ttl\": \"90s\","
                + " \"skip_pub_sub\": true}}}");
        assertThat(tuned.warnings()).isEmpty();
        MapBrokerConfig m = tuned.engine().mapBroker();
        assertThat(m.cleanupInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(m.cleanupBatchSize()).isEqualTo(7);
        assertThat(m.idempotentResultTtl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(m.skipPubSub()).isTrue();

        for (String off : new String[] {"-1", "\"-1s\""}) {
            LoadedConfig disabled = Fixtures.loadJson(dir, "{\"map_broker\": {\"type\": \"redis\", \"redis\":"
                    + " {\"cleanup_interval\": " + off + ", \"cleanup_batch_size\": 0}}}");
            assertThat(disabled.engine().mapBroker().cleanupInterval().isNegative()).as(off).isTrue();
            assertThat(disabled.engine().mapBroker().cleanupBatchSize()).as("0: the default").isEqualTo(100);
        }
    }

    @Test
    void tuningAloneKeepsTheEnginesRedisForMaps() {
        LoadedConfig cfg = Fixtures.loadJson(dir, "{\"engine\": {\"type\": \"redis\"}, \"map_broker\":"
                + " {\"type\": \"redis\", \"redis\": {\"cleanup_batch_size\": 5, \"skip_pub_sub\": false}}}");
        assertThat(cfg.server().mapRedis()).isNull();
        assertThat(cfg.engine().mapBroker().cleanupBatchSize()).isEqualTo(5);
    }

    static Stream<Arguments> invalid() {
        String room = "{\"name\": \"room\", \"subscription_type\": \"map\", \"map\": ";
        return Stream.of(
                Arguments.of(ns("{\"name\": \"room\", \"subscription_type\": \"table\"}"),
                        "config: channel.namespaces[0].subscription_type: unknown subscription type \"table\" (valid:"
                                + " \"stream\", \"map\", \"map_clients\", \"map_users\", \"shared_poll\")"),
                Arguments.of(ns("{\"name\": \"room\", \"subscription_type\": \"map\"}"),
                        "config: channel.namespaces[0].map.mode: is required when subscription_type is \"map\""),
                Arguments.of(ns(room + "{\"mode\": \"forever\"}}"),
                        "config: channel.namespaces[0].map.mode: unknown map mode \"forever\" (valid: \"ephemeral\","
                                + " \"recoverable\", \"persistent\")"),
                Arguments.of(ns(room + "{\"mode\": \"ephemeral\"}}"),
                        "config: channel.namespaces[0].map.key_ttl: is required when map.mode is \"ephemeral\""),
                Arguments.of(ns(room + "{\"mode\": \"persistent\", \"key_ttl\": \"5s\"}}"),
                        "config: channel.namespaces[0].map.key_ttl: must not be set when map.mode is \"persistent\""
                                + " (entries do not expire)"),
                Arguments.of(ns(room + "{\"mode\": \"ephemeral\", \"key_ttl\": \"5s\", \"stream_size\": 5}}"),
                        "config: channel.namespaces[0].map.stream_size: must not be set for map.mode \"ephemeral\""
                                + " (it keeps no stream)"),
                Arguments.of(ns(room + "{\"mode\": \"persistent\", \"stream_ttl\": \"60s\", \"meta_ttl\": \"30s\"}}"),
                        "config: channel.namespaces[0].map.meta_ttl: must be greater than or equal to"
                                + " map.stream_ttl (60s): the metadata must outlive the stream"),
                Arguments.of(ns(room + "{\"mode\": \"persistent\", \"client_key\": \"ip\"}}"),
                        "config: channel.namespaces[0].map.client_key: unknown value \"ip\" (valid: \"client_id\","
                                + " \"user_id\")"),
                Arguments.of(ns(room + "{\"mode\": \"persistent\", \"min_page_size\": 10, \"max_page_size\": 5}}"),
                        "config: channel.namespaces[0].map.min_page_size: must not exceed map.max_page_size (5)"),
                Arguments.of(ns("{\"name\": \"who\", \"subscription_type\": \"map_users\", \"map\": {\"mode\":"
                                + " \"persistent\"}}"),
                        "config: channel.namespaces[0].map.mode: \"persistent\" is not allowed with subscription_type"
                                + " \"map_users\" (presence entries need TTL-based cleanup; use \"ephemeral\" or"
                                + " \"recoverable\")"),
                Arguments.of(ns("{\"name\": \"st\", \"map\": {\"remove_client_on_unsubscribe\": true}}"),
                        "config: channel.namespaces[0].map.remove_client_on_unsubscribe: requires subscription_type"
                                + " to be a map type"),
                Arguments.of(ns(room + "{\"mode\": \"persistent\"}, \"map_clients_presence_channel_prefix\": \"x:\"}"),
                        "config: channel.namespaces[0].map_clients_presence_channel_prefix: \"x:\" resolves to"
                                + " namespace \"x\" which does not exist"),
                Arguments.of(ns(room + "{\"mode\": \"persistent\"}, \"map_users_presence_channel_prefix\": \"room:\"}"),
                        "config: channel.namespaces[0].map_users_presence_channel_prefix: \"room:\" resolves to"
                                + " namespace \"room\" whose subscription_type is not \"map_users\""),
                Arguments.of("{\"map_broker\": {\"type\": \"postgres\"}}",
                        "config: map_broker.type: \"postgres\" is not supported yet (use \"memory\" or \"redis\")"),
                Arguments.of(redisMaps("\"cleanup_interval\": \"-1\""),
                        "config: map_broker.redis.cleanup_interval: invalid duration \"-1\" (missing unit in duration);"
                                + " use Go duration strings such as \"25s\", \"1000ms\", \"1m30s\""),
                Arguments.of(redisMaps("\"cleanup_interval\": 500"),
                        "config: map_broker.redis.cleanup_interval: must be a duration string such as \"1s\""
                                + " (-1 turns the cleanup off)"),
                Arguments.of(redisMaps("\"cleanup_batch_size\": -5"),
                        "config: map_broker.redis.cleanup_batch_size: must not be negative, got -5"),
                Arguments.of(redisMaps("\"idempotent_result_ttl\": \"-1s\""),
                        "config: map_broker.redis.idempotent_result_ttl: must not be negative, got \"-1s\""),
                Arguments.of("{\"map_broker\": {\"type\": \"etcd\"}}",
                        "config: map_broker.type: unknown map broker type \"etcd\" (valid: \"memory\", \"redis\")"));
    }

    private static String redisMaps(String tuning) {
        return "{\"map_broker\": {\"type\": \"redis\", \"redis\": {" + tuning + "}}}";
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void badMapSettingsStopStartupWithOneLine(String json, String message) {
        assertThatThrownBy(() -> Fixtures.loadJson(dir, json)).isInstanceOf(ConfigException.class).hasMessage(message);
    }
}
