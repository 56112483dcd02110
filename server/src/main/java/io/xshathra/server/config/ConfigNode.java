package io.xshathra.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A typed, read-only view of one object of the merged tree. Centrifugo's rule applies to every
 * getter with a default: an absent value, {@code null}, {@code 0}, {@code ""} or {@code "0s"}
 * means "unset" and yields the default. Errors name the key as the user wrote it.
 */
final class ConfigNode {

    private final ConfigTree tree;
    private final JsonNode node;
    private final String path;

    ConfigNode(ConfigTree tree, JsonNode node, String path) {
        this.tree = tree;
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = path;
    }

    static ConfigNode root(ConfigTree tree) {
        return new ConfigNode(tree, tree.root(), "");
    }

    ConfigNode child(String name) {
        return new ConfigNode(tree, node.path(name), keyPath(name));
    }

    ConfigNode element(int index) {
        return new ConfigNode(tree, node.path(index), path + "[" + index + "]");
    }

    int size() {
        return node.isArray() ? node.size() : 0;
    }

    String path() {
        return path;
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The key as a message should name it (with its v5 name or variable when it came from one). */
    String describe(String key) {
        return tree.describe(keyPath(key));
    }

    ConfigException error(String key, String rule) {
        return new ConfigException(describe(key), rule);
    }

    /** Whether the key holds a value other than the zero value. */
    boolean isSet(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull() && KeyChecker.isSet(v);
    }

    /** Whether the key is present with a non-null value, even false or zero. */
    boolean isPresent(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    JsonNode raw(String key) {
        return node.path(key);
    }

    String string(String key, String def) {
        return isSet(key) ? node.get(key).asText() : def;
    }

    /** Booleans are taken as written; only an absent key yields the default. */
    boolean bool(String key, boolean def) {
        return isPresent(key) ? node.get(key).asBoolean() : def;
    }

    int nonNegativeInt(String key, int def) {
        return (int) nonNegativeLong(key, def);
    }

    long nonNegativeLong(String key, long def) {
        if (!isSet(key)) {
            return def;
        }
        long v = node.get(key).asLong();
        if (v < 0) {
            throw error(key, "must not be negative, got " + v);
        }
        return v;
    }

    /** A duration that must not be negative. */
    Duration duration(String key, Duration def) {
        Duration d = signedDuration(key, def);
        if (d.isNegative()) {
            throw error(key, "must not be negative, got \"" + node.get(key).asText() + "\"");
        }
        return d;
    }

    /** A duration that may be negative (negative switches the feature off). */
    Duration signedDuration(String key, Duration def) {
        if (!isSet(key) || node.get(key).isNumber()) {
            return def;
        }
        String text = node.get(key).asText();
        Duration d;
        try {
            d = GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(key, "invalid duration \"" + text + "\" (" + e.getMessage()
                    + "); use Go duration strings such as \"25s\", \"1000ms\", \"1m30s\"");
        }
        return d.isZero() ? def : d;
    }

    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        node.path(key).forEach(v -> out.add(v.asText()));
        return out;
    }

    /** A {@link Pattern}, or null when unset. */
    Pattern regex(String key) {
        if (!isSet(key)) {
            return null;
        }
        try {
            return Pattern.compile(node.get(key).asText());
        } catch (PatternSyntaxException e) {
            throw error(key, "invalid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }
}
