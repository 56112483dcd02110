package io.xshathra.server.config;

import io.xshathra.engine.config.MapBrokerConfig;

import java.util.List;

/** Reads {@code map_broker}. */
final class MapConfigReader {
    private MapConfigReader() {
    }

    static MapBrokerConfig read(ConfigNode root, List<String> warnings) {
        return MapBrokerConfig.NONE;
    }
}
