package io.xshathra.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A v6-shaped configuration tree from one or more sources, with the origin of every value that
 * did not come from a v6 key of the file (a v5 key, an environment variable), so that errors can
 * name what the user actually wrote. Merging is deep for objects; arrays and scalars replace.
 * JSON {@code null} counts as absent.
 */
final class ConfigTree {

    private final ObjectNode root = JsonNodeFactory.instance.objectNode();
    /** Path ({@code a.b}, {@code a.b[2].c}) to the name the user wrote. */
    private final Map<String, String> origins = new HashMap<>();

    ObjectNode root() {
        return root;
    }

    /** Sets a dotted path, creating (or replacing non-object) parents on the way. */
    void set(String path, JsonNode value, String origin) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], value);
        forget(path);
        if (origin != null) {
            origins.put(path, origin);
        }
    }

    /** The node at a dotted path, or a missing node. */
    JsonNode get(String path) {
        return root.at("/" + path.replace('.', '/'));
    }

    void setOrigin(String path, String origin) {
        origins.put(path, origin);
    }

    /**
     * How to name a path in a message: the path, followed by {@code (from X)} when the value (or
     * the list or object holding it) came from a v5 key or an environment variable.
     */
    String describe(String path) {
        String p = path;
        while (true) {
            String origin = origins.get(p);
            if (origin != null) {
                return origin.equals(path) ? path : path + " (from " + origin + ")";
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                return path;
            }
            p = p.substring(0, cut);
        }
    }

    /** Origins set on paths at or below {@code prefix}. */
    Map<String, String> originsUnder(String prefix) {
        Map<String, String> out = new HashMap<>();
        origins.forEach((k, v) -> {
            if (isAtOrBelow(k, prefix)) {
                out.put(k, v);
            }
        });
        return out;
    }

    Map<String, String> origins() {
        return origins;
    }

    /** Lays {@code higher} over this tree: its values win. */
    void overlay(ConfigTree higher) {
        merge(root, higher.root, "", higher);
    }

    private void merge(ObjectNode target, ObjectNode source, String prefix, ConfigTree higher) {
        Iterator<Map.Entry<String, JsonNode>> it = source.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode value = e.getValue();
            if (value == null || value.isNull()) {
                continue;
            }
            JsonNode existing = target.get(e.getKey());
            if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, (ObjectNode) value, path, higher);
                String own = higher.origins.get(path);
                if (own != null) {
                    origins.put(path, own);
                }
            } else {
                target.set(e.getKey(), value.deepCopy());
                forget(path);
                origins.putAll(higher.originsUnder(path));
            }
        }
    }

    private void forget(String path) {
        origins.keySet().removeIf(k -> isAtOrBelow(k, path));
    }

    private static boolean isAtOrBelow(String key, String prefix) {
        return key.equals(prefix) || key.startsWith(prefix + ".") || key.startsWith(prefix + "[");
    }
}
