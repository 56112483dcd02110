package io.xshathra.server.config;

import io.xshathra.engine.config.MapBrokerConfig;

import java.util.List;

/**
 * Reads {@code map_broker}: {@code type} {@code memory} (the default) keeps map subscription state
 * in this process; {@code redis} keeps it in Redis: on the connection of {@code map_broker.redis}
 * when that section is set or the engine is the memory engine (see
 * {@link RedisSettingsReader#readMapBroker}), else on the Redis engine's. Centrifugo's
 * {@code postgres} map broker is not available and stops startup rather than silently keeping
 * state in memory.
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
                return new MapBrokerConfig("redis", MapBrokerConfig.DEFAULT_CHANNEL_LIMIT,
                        MapBrokerConfig.DEFAULT_KEYS_PER_CHANNEL);
            case "postgres":
                throw m.error("type", "\"postgres\" is not supported yet (use \"memory\" or \"redis\")");
            default:
                throw m.error("type", "unknown map broker type \"" + type + "\" (valid: \"memory\", \"redis\")");
        }
    }
}
