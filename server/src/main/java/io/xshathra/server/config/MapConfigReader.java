package io.xshathra.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.xshathra.engine.config.MapBrokerConfig;

import java.time.Duration;
import java.util.List;

/**
 * Reads {@code map_broker}: {@code type} {@code memory} (the default) keeps map subscription state
 * in this process; {@code redis} keeps it in Redis: on the connection of {@code map_broker.redis}
 * when that section is set or the engine is the memory engine (see
 * {@link RedisSettingsReader#readMapBroker}), else on the Redis engine's. Centrifugo's
 * {@code postgres} map broker is not available and stops startup rather than silently keeping
 * state in memory. The Redis broker's tuning ({@code cleanup_interval}, {@code cleanup_batch_size},
 * {@code idempotent_result_ttl}, {@code skip_pub_sub}) is read from {@code map_broker.redis} with
 * Centrifugo's defaults, whichever connection the broker uses.
 */
final class MapConfigReader {
    private MapConfigReader() {
    }

    static MapBrokerConfig read(ConfigNode root, List<String> warnings) {
        ConfigNode m = root.child("map_broker");
        String type = m.string("type", "memory");
        switch (type) {
            case "", "memory":
                return MapBrokerConfig.NONE;
            case "redis":
                return redis(m.child("redis"));
            case "postgres":
                throw m.error("type", "\"postgres\" is not supported yet (use \"memory\" or \"redis\")");
            default:
                throw m.error("type", "unknown map broker type \"" + type + "\" (valid: \"memory\", \"redis\")");
        }
    }

    private static MapBrokerConfig redis(ConfigNode r) {
        int batch = r.nonNegativeInt("cleanup_batch_size", 0);
        return new MapBrokerConfig("redis", MapBrokerConfig.DEFAULT_CHANNEL_LIMIT,
                MapBrokerConfig.DEFAULT_KEYS_PER_CHANNEL, cleanupInterval(r),
                batch == 0 ? MapBrokerConfig.DEFAULT_CLEANUP_BATCH_SIZE : batch,
                r.duration("idempotent_result_ttl", MapBrokerConfig.DEFAULT_IDEMPOTENT_RESULT_TTL),
                r.bool("skip_pub_sub", false));
    }

    /**
     * A Go duration string; zero means the default and a negative value switches the worker off.
     * Centrifugo documents the bare number {@code -1} for that, so a negative bare number is
     * accepted too; other bare numbers are rejected, as for every duration.
     */
    private static Duration cleanupInterval(ConfigNode r) {
        String key = "cleanup_interval";
        if (!r.isSet(key)) {
            return MapBrokerConfig.DEFAULT_CLEANUP_INTERVAL;
        }
        JsonNode v = r.raw(key);
        if (v.isIntegralNumber() && v.asLong() < 0) {
            return Duration.ofNanos(-1);
        }
        if (!v.isTextual()) {
            throw r.error(key, "must be a duration string such as \"1s\" (-1 turns the cleanup off)");
        }
        return r.signedDuration(key, MapBrokerConfig.DEFAULT_CLEANUP_INTERVAL);
    }
}
