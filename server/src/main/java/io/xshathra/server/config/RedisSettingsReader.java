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
        ConfigNode r = engine.child("redis");
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
