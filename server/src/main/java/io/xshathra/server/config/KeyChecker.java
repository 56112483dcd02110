package io.xshathra.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Walks the merged tree once: checks the JSON type of every recognised key (a wrong type stops
 * startup), warns about unknown keys and about features that are set but not supported yet, and
 * renames v5 option names inside channel options objects.
 */
final class KeyChecker {

    private final ConfigTree tree;
    private final List<String> warnings;
    /** Where the schema being walked is mounted: "" for the root, else a channel options path. */
    private String base = "";

    private KeyChecker(ConfigTree tree, List<String> warnings) {
        this.tree = tree;
        this.warnings = warnings;
    }

    static void check(ConfigTree tree, List<String> warnings) {
        new KeyChecker(tree, warnings).object(tree.root(), "", ConfigKeys.ROOT);
    }

    private void object(ObjectNode node, String prefix, Schema schema) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        node.fields().forEachRemaining(fields::add);
        for (Map.Entry<String, JsonNode> e : fields) {
            String rel = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode value = e.getValue();
            if (value == null || value.isNull()) {
                continue;
            }
            Schema.Key key = schema.find(rel);
            if (key != null) {
                leaf(key, value, rel);
            } else if (schema.enclosingSection(rel) != null) {
                continue;
            } else if (schema.isParent(rel)) {
                if (!value.isObject()) {
                    throw error(rel, "must be an object, got " + show(value));
                }
                object((ObjectNode) value, rel, schema);
            } else {
                warnings.add("unknown key \"" + describe(rel) + "\", ignored");
            }
        }
    }

    private String describe(String rel) {
        return tree.describe(base.isEmpty() ? rel : base + "." + rel);
    }

    private ConfigException error(String rel, String rule) {
        return new ConfigException(describe(rel), rule);
    }

    private void leaf(Schema.Key key, JsonNode v, String rel) {
        switch (key.type()) {
            case BOOL:
                require(v.isBoolean(), rel, "must be true or false", v);
                break;
            case INT:
                require(v.isIntegralNumber() && v.canConvertToInt(), rel, "must be an integer", v);
                break;
            case LONG:
                require(v.isIntegralNumber() && v.canConvertToLong(), rel, "must be an integer", v);
                break;
            case STRING:
                require(v.isTextual(), rel, "must be a string", v);
                break;
            case DURATION:
                require(v.isTextual() || (v.isNumber() && v.asDouble() == 0),
                        rel, "must be a duration string such as \"25s\"", v);
                break;
            case STRING_LIST:
                require(v.isArray(), rel, "must be an array of strings", v);
                v.forEach(item -> require(item.isTextual(), rel, "must be an array of strings", item));
                break;
            case SECTION:
                require(v.isObject(), rel, "must be an object", v);
                section((ObjectNode) v, rel);
                break;
            case CHANNEL_OPTIONS:
                require(v.isObject(), rel, "must be an object", v);
                channelOptions((ObjectNode) v, full(rel));
                break;
            case OBJECT_LIST:
                require(v.isArray(), rel, "must be an array of objects", v);
                v.forEach(item -> require(item.isObject(), rel, "must be an array of objects", item));
                break;
            case STRING_MAP:
                require(v.isObject(), rel, "must be an object of strings", v);
                v.forEach(item -> require(item.isTextual(), rel, "must be an object of strings", item));
                break;
            case NAMESPACES:
                require(v.isArray(), rel, "must be an array of namespace objects", v);
                for (int i = 0; i < v.size(); i++) {
                    String item = rel + "[" + i + "]";
                    require(v.get(i).isObject(), item, "must be an object", v.get(i));
                    channelOptions((ObjectNode) v.get(i), full(item));
                }
                break;
            default:
                break;
        }
        if (key.support() == Schema.Support.UNSUPPORTED && isSet(v)) {
            warnings.add(describe(rel) + " is set but not supported yet, ignored");
        }
    }

    /** Inside an opaque section only the keys we name are checked; anything else is accepted. */
    private void section(ObjectNode node, String rel) {
        Schema schema = base.isEmpty() ? ConfigKeys.ROOT : ConfigKeys.CHANNEL_OPTIONS_KEYS;
        node.fields().forEachRemaining(e -> {
            String sub = rel + "." + e.getKey();
            Schema.Key key = schema.find(sub);
            if (e.getValue() == null || e.getValue().isNull()) {
                return;
            }
            if (key != null) {
                leaf(key, e.getValue(), sub);
            } else if (e.getValue().isObject()) {
                section((ObjectNode) e.getValue(), sub);
            }
        });
    }

    private String full(String rel) {
        return base.isEmpty() ? rel : base + "." + rel;
    }

    private void channelOptions(ObjectNode options, String path) {
        renameAliases(options, path);
        String saved = base;
        base = path;
        ObjectNode rest = options.deepCopy();
        boolean namespace = path.startsWith("channel.namespaces[");
        if (namespace && rest.has("name")) {
            JsonNode name = rest.remove("name");
            require(name.isTextual(), "name", "must be a string", name);
        }
        object(rest, "", ConfigKeys.CHANNEL_OPTIONS_KEYS);
        base = saved;
    }

    private void renameAliases(ObjectNode options, String path) {
        ConfigKeys.CHANNEL_OPTION_ALIASES.forEach((v5, v6) -> {
            if (!options.has(v5)) {
                return;
            }
            JsonNode value = options.remove(v5);
            String where = tree.describe(path + "." + v5);
            if (options.has(v6)) {
                warnings.add("\"" + where + "\" is ignored because " + path + "." + v6 + " is also set");
            } else {
                options.set(v6, value);
                tree.setOrigin(path + "." + v6, v5);
                warnings.add("\"" + where + "\" is a Centrifugo v5 name; use " + v6);
            }
        });
    }

    private void require(boolean ok, String rel, String rule, JsonNode v) {
        if (!ok) {
            throw error(rel, rule + ", got " + show(v));
        }
    }

    static boolean isSet(JsonNode v) {
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.asDouble() != 0;
        }
        if (v.isTextual()) {
            return !v.asText().isEmpty();
        }
        return v.size() > 0;
    }

    static String show(JsonNode v) {
        if (v.isTextual()) {
            String s = v.asText();
            return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isObject()) {
            return "an object";
        }
        return v.toString();
    }
}
