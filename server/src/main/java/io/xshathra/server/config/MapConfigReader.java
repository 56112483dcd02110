package io.xshathra.server.config;

import io.xshathra.engine.config.MapBrokerConfig;

import java.util.List;

/**
 * Reads {@code map_broker}: {@code type} {@code memory} (the default) keeps map subscription state
 * in this process. Centrifugo's {@code redis} and {@code postgres} map brokers are not available
 * yet and stop startup rather than silently keeping state in memory.
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
            case "redis", "postgres":
                throw m.error("type", "\"" + type + "\" is not supported yet (use \"memory\")");
            default:
                throw m.error("type", "unknown map broker type \"" + type + "\" (valid: \"memory\")");
        }
    }
}
