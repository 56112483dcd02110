package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.redis.RedisEngineOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engine.type} and {@code engine.redis.*}, their v5 names and environment variables. */
class RedisConfigTest {
    @TempDir
    Path dir;

    private LoadedConfig load(String json) {
        return Fixtures.loadJson(dir, json);
    }

    @Test
    void memoryIsTheDefault() {
        assertThat(load("{}").server().redis()).isNull();
        assertThat(load("{\"engine\": {\"type\": \"memory\"}}").server().redis()).isNull();
    }

    @Test
    void redisWithDefaults() {
        RedisEngineOptions r = load("{\"engine\": {\"type\": \"redis\"}}").server().redis();
        assertThat(r.addresses()).containsExactly("redis://127.0.0.1:6379");
        assertThat(r.prefix()).isEqualTo("centrifugo");
        assertThat(r.presenceTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(r.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(r.ioTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(r.cluster()).isFalse();
        assertThat(r.sentinel()).isFalse();
    }

    @Test
    void v6KeysWithSeveralShards() {
        LoadedConfig cfg = load("""
                {"engine": {"type": "redis", "redis": {"address": ["redis://a:6379", "b:6380"],
                  "prefix": "xs", "presence_ttl": "30s", "db": 2, "password": "pw", "io_timeout": "2s"}}}
                """);
        RedisEngineOptions r = cfg.server().redis();
        assertThat(r.addresses()).containsExactly("redis://a:6379", "b:6380");
        assertThat(r.prefix()).isEqualTo("xs");
        assertThat(r.presenceTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.db()).isEqualTo(2);
        assertThat(r.password()).isEqualTo("pw");
        assertThat(r.ioTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void sentinelAndCluster() {
        RedisEngineOptions s = load("""
                {"engine": {"type": "redis", "redis": {"sentinel_address": "127.0.0.1:26379",
                  "sentinel_master_name": "mymaster"}}}
                """).server().redis();
        assertThat(s.sentinel()).isTrue();
        assertThat(s.sentinelAddresses()).containsExactly("127.0.0.1:26379");
        assertThat(s.describe()).contains("engine.redis.sentinel_address");
        RedisEngineOptions c = load("""
                {"engine": {"type": "redis", "redis": {"cluster_address": ["127.0.0.1:7000", "127.0.0.1:7001"]}}}
                """).server().redis();
        assertThat(c.cluster()).isTrue();
        assertThat(c.clusterAddresses()).hasSize(2);
        assertThatThrownBy(() -> load("{\"engine\": {\"type\": \"redis\", \"redis\": {\"sentinel_address\": \"x:1\"}}}"))
                .hasMessageContaining("engine.redis.sentinel_master_name");
    }

    @Test
    void v5Names() {
        LoadedConfig cfg = load("""
                {"engine": "redis", "redis_address": "redis://127.0.0.1:7000", "redis_prefix": "old",
                 "global_presence_ttl": "15s"}
                """);
        RedisEngineOptions r = cfg.server().redis();
        assertThat(r.addresses()).containsExactly("redis://127.0.0.1:7000");
        assertThat(r.prefix()).isEqualTo("old");
        assertThat(r.presenceTtl()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void environmentVariables() {
        LoadedConfig cfg = Fixtures.load(null, Fixtures.withSecrets("CENTRIFUGO_ENGINE_TYPE", "redis",
                "CENTRIFUGO_ENGINE_REDIS_ADDRESS", "redis://127.0.0.1:7001", "CENTRIFUGO_ENGINE_REDIS_PREFIX", "env"));
        RedisEngineOptions r = cfg.server().redis();
        assertThat(r.addresses()).containsExactly("redis://127.0.0.1:7001");
        assertThat(r.prefix()).isEqualTo("env");
    }
}
