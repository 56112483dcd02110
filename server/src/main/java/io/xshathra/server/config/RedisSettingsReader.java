package io.xshathra.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.xshathra.redis.RedisEngineOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code engine.type} and {@code engine.redis.*} (v5: {@code engine}, {@code redis_*},
 * {@code global_presence_ttl}) into the Redis engine's options, with Centrifugo's defaults.
 */
final class RedisSettingsReader {
    static final String DEFAULT_ADDRESS = "redis://127.0.0.1:6379";

    private RedisSettingsReader() {
    }

    /** The Redis engine's options, or null for the memory engine. */
    static RedisEngineOptions read(ConfigNode root) {
        ConfigNode engine = root.child("engine");
        String type = engine.string("type", "memory");
        if (type.equals("memory")) {
            return null;
        }
        if (!type.equals("redis")) {
            throw engine.error("type", "must be \"memory\" or \"redis\", got \"" + type + "\"");
        }
        return options(engine.child("redis"));
    }

    /** Keys of {@code map_broker.redis} that tune the broker rather than name a connection. */
    private static final java.util.Set<String> MAP_TUNING = java.util.Set.of("cleanup_interval",
            "cleanup_batch_size", "idempotent_result_ttl", "skip_pub_sub");

    /**
     * The map broker's own Redis ({@code map_broker.redis}), or null when the map broker uses the
     * Redis engine's connection: {@code map_broker.type} {@code redis} with a {@code map_broker.redis}
     * section setting a connection key (the tuning keys alone do not), or with the memory engine
     * (then Centrifugo's defaults apply to what is not set).
     */
    static RedisEngineOptions readMapBroker(ConfigNode root) {
        ConfigNode m = root.child("map_broker");
        if (!"redis".equals(m.string("type", "memory"))) {
            return null;
        }
        boolean engineRedis = "redis".equals(root.child("engine").string("type", "memory"));
        if (engineRedis && !setsConnection(m)) {
            return null;
        }
        return options(m.child("redis"));
    }

    /** The connection options of a Redis section ({@code engine.redis} or {@code map_broker.redis}). */
    private static RedisEngineOptions options(ConfigNode r) {
        List<String> addresses = addresses(r, "address");
        List<String> cluster = addresses(r, "cluster_address");
        List<String> sentinel = addresses(r, "sentinel_address");
        String master = r.string("sentinel_master_name", "");
        if (!sentinel.isEmpty() && master.isEmpty()) {
            throw r.error("sentinel_master_name", "must name the master the Sentinels watch");
        }
        if (addresses.isEmpty()) {
            addresses = List.of(DEFAULT_ADDRESS);
        }
        RedisEngineOptions d = RedisEngineOptions.standalone(addresses, "centrifugo");
        return new RedisEngineOptions(addresses, cluster, sentinel, master,
                r.string("prefix", d.prefix()),
                r.duration("presence_ttl", d.presenceTtl()),
                r.duration("connect_timeout", d.connectTimeout()),
                r.duration("io_timeout", d.ioTimeout()),
                r.nonNegativeInt("db", 0),
                r.string("user", ""),
                r.string("password", ""),
                r.string("sentinel_password", ""),
                d.probeInterval(), d.probeTimeout());
    }

    private static boolean setsConnection(ConfigNode mapBroker) {
        ConfigNode r = mapBroker.child("redis");
        java.util.Iterator<String> names = mapBroker.raw("redis").fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!MAP_TUNING.contains(k) && r.isSet(k)) {
                return true;
            }
        }
        return false;
    }

    /** A string (one address, or several separated by commas) or an array of strings. */
    private static List<String> addresses(ConfigNode r, String key) {
        List<String> out = new ArrayList<>();
        if (!r.isSet(key)) {
            return out;
        }
        JsonNode v = r.raw(key);
        if (v.isArray()) {
            v.forEach(item -> add(out, item.asText()));
        } else if (v.isTextual()) {
            add(out, v.asText());
        } else {
            throw r.error(key, "must be a string or an array of strings");
        }
        return out;
    }

    private static void add(List<String> out, String text) {
        for (String part : text.split("[,\\s]+")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
    }
}
