package io.xshathra.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code CENTRIFUGO_*} and {@code XSHATHRA_*} environment variables into a v6-shaped
 * {@link ConfigTree}. v6 names are {@code CENTRIFUGO_} plus the key path with dots replaced by
 * underscores, uppercased; v5 names are {@code CENTRIFUGO_} plus the uppercased v5 key. v6 wins
 * when both name one option. {@code XSHATHRA_PORT} and {@code XSHATHRA_ADDRESS} win over both.
 * An empty value means "not set".
 */
final class EnvSource {

    private static final String PREFIX = "CENTRIFUGO_";
    private static final String NAMESPACE_PREFIX = "CHANNEL_NAMESPACES_";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Schema.Key> V6_NAMES = v6Names();
    private static final Map<String, Schema.Key> XSHATHRA_NAMES = Map.of(
            "XSHATHRA_DATA_DIR", new Schema.Key("xshathra.data_dir", Schema.Type.STRING, Schema.Support.SUPPORTED),
            "XSHATHRA_DATABASE_URL", new Schema.Key("xshathra.database_url", Schema.Type.STRING, Schema.Support.SUPPORTED),
            "XSHATHRA_PORT", new Schema.Key("http_server.port", Schema.Type.INT, Schema.Support.SUPPORTED),
            "XSHATHRA_ADDRESS", new Schema.Key("http_server.address", Schema.Type.STRING, Schema.Support.SUPPORTED),
            "XSHATHRA_TRUSTED_PROXIES", new Schema.Key("xshathra.trusted_proxies", Schema.Type.STRING_LIST,
                    Schema.Support.SUPPORTED),
            "XSHATHRA_CONSOLE_SECURE_COOKIES", new Schema.Key("xshathra.console.secure_cookies", Schema.Type.STRING,
                    Schema.Support.SUPPORTED),
            "XSHATHRA_CONSOLE_HSTS_MAX_AGE", new Schema.Key("xshathra.console.hsts_max_age", Schema.Type.STRING,
                    Schema.Support.SUPPORTED),
            "XSHATHRA_PROJECT_PROXIES_PRIVATE_NETWORKS", new Schema.Key("xshathra.project_proxies.private_networks",
                    Schema.Type.STRING, Schema.Support.SUPPORTED));
    /** Read by the command line before the loader runs. */
    static final String CONFIG_VARIABLE = "XSHATHRA_CONFIG";

    /** A {@code CENTRIFUGO_CHANNEL_NAMESPACES_<NAME>_<OPTION>} variable, applied after merging. */
    record NamespaceOverride(String variable, String rest, String value) {
    }

    record Result(ConfigTree tree, List<NamespaceOverride> namespaceOverrides) {
    }

    private EnvSource() {
    }

    static String variableFor(String path) {
        return PREFIX + path.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    static Result read(Map<String, String> env, List<String> warnings) {
        ConfigTree v6 = new ConfigTree();
        ConfigTree v5 = new ConfigTree();
        ConfigTree own = new ConfigTree();
        List<NamespaceOverride> overrides = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (name.startsWith("XSHATHRA_")) {
                Schema.Key key = XSHATHRA_NAMES.get(name);
                if (key != null) {
                    own.set(key.path(), convert(key.type(), value, name), name);
                } else if (!name.equals(CONFIG_VARIABLE)) {
                    warnings.add("unknown environment variable " + name + ", ignored");
                }
                continue;
            }
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String rest = name.substring(PREFIX.length());
            Schema.Key key = V6_NAMES.get(name);
            if (key != null) {
                v6.set(key.path(), convert(key.type(), value, name), name);
            } else if (rest.startsWith(NAMESPACE_PREFIX)) {
                overrides.add(new NamespaceOverride(name, rest.substring(NAMESPACE_PREFIX.length()), value));
            } else if (rest.startsWith("VAR_")) {
                continue; // reserved for the user's own templating
            } else if (insideSection(name)) {
                continue; // a v6 key of a feature we recognise but do not read
            } else if (!readLegacy(name, rest, value, v5, warnings)) {
                warnings.add("unknown environment variable " + name + ", ignored");
            }
        }
        v5.origins().forEach((path, variable) -> {
            if (!v6.get(path).isMissingNode()) {
                warnings.add(variable + " is ignored because " + variableFor(path) + " is also set");
            }
        });
        v5.overlay(v6);
        v5.overlay(own);
        return new Result(v5, overrides);
    }

    private static boolean readLegacy(String name, String rest, String value, ConfigTree v5, List<String> warnings) {
        List<LegacyKeys.Target> targets = LegacyKeys.targets(rest.toLowerCase(Locale.ROOT));
        if (targets.isEmpty()) {
            return false;
        }
        for (LegacyKeys.Target t : targets) {
            JsonNode v = t.fixed() != null ? t.fixed() : convert(typeOf(t.path()), value, name);
            v5.set(t.path(), v, name);
        }
        warnings.add(name + " is a Centrifugo v5 name; use " + variableFor(targets.get(0).path()));
        return true;
    }

    /** Applies the per-namespace variables to the namespaces of the merged tree. */
    static void applyNamespaceOverrides(ConfigTree tree, List<NamespaceOverride> overrides, List<String> warnings) {
        JsonNode list = tree.get("channel.namespaces");
        for (NamespaceOverride o : overrides) {
            int best = -1;
            String option = null;
            int bestLength = -1;
            for (int i = 0; list.isArray() && i < list.size(); i++) {
                JsonNode entry = list.get(i);
                String ns = entry.path("name").asText("");
                String norm = ns.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
                if (!entry.isObject() || ns.isEmpty() || !o.rest().startsWith(norm + "_") || norm.length() <= bestLength) {
                    continue;
                }
                String opt = o.rest().substring(norm.length() + 1).toLowerCase(Locale.ROOT);
                Schema.Key key = ConfigKeys.CHANNEL_OPTIONS_KEYS.find(opt);
                if (key != null && key.type() != Schema.Type.SECTION) {
                    best = i;
                    option = opt;
                    bestLength = norm.length();
                }
            }
            if (best < 0) {
                warnings.add("environment variable " + o.variable() + " matches no namespace and option, ignored");
                continue;
            }
            Schema.Key key = ConfigKeys.CHANNEL_OPTIONS_KEYS.find(option);
            JsonNode value = convert(key.type(), o.value(), o.variable());
            ((ObjectNode) list.get(best)).set(option, value);
            String path = "channel.namespaces[" + best + "]." + option;
            tree.setOrigin(path, o.variable());
            if (key.support() == Schema.Support.UNSUPPORTED && KeyChecker.isSet(value)) {
                warnings.add(tree.describe(path) + " is set but not supported yet, ignored");
            }
        }
    }

    private static Schema.Type typeOf(String path) {
        Schema.Key key = ConfigKeys.ROOT.find(path);
        if (key != null) {
            return key.type();
        }
        String options = "channel.without_namespace.";
        if (path.startsWith(options)) {
            Schema.Key opt = ConfigKeys.CHANNEL_OPTIONS_KEYS.find(path.substring(options.length()));
            if (opt != null) {
                return opt.type();
            }
        }
        return Schema.Type.ANY;
    }

    private static boolean insideSection(String name) {
        for (Schema.Key k : ConfigKeys.ROOT.keys()) {
            if (k.type() == Schema.Type.SECTION && name.startsWith(variableFor(k.path()) + "_")) {
                return true;
            }
        }
        return false;
    }

    static JsonNode convert(Schema.Type type, String raw, String name) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String v = raw.strip();
        switch (type) {
            case BOOL:
                return BooleanNode.valueOf(parseBool(v, name));
            case INT:
            case LONG:
                try {
                    return type == Schema.Type.INT ? f.numberNode(Integer.parseInt(v)) : f.numberNode(Long.parseLong(v));
                } catch (NumberFormatException e) {
                    throw new ConfigException(name, "must be an integer, got \"" + raw + "\"");
                }
            case STRING_LIST: {
                ArrayNode a = f.arrayNode();
                for (String s : raw.split(" ")) {
                    if (!s.isEmpty()) {
                        a.add(s);
                    }
                }
                return a;
            }
            case NAMESPACES:
                return namespaces(v, name);
            case OBJECT_LIST:
            case STRING_MAP: {
                JsonNode n = parseJson(v, name);
                if (type == Schema.Type.OBJECT_LIST ? !n.isArray() : !n.isObject()) {
                    throw new ConfigException(name, type == Schema.Type.OBJECT_LIST
                            ? "must be a JSON array of objects" : "must be a JSON object");
                }
                return n;
            }
            case CHANNEL_OPTIONS: {
                JsonNode n = parseJson(v, name);
                if (!n.isObject()) {
                    throw new ConfigException(name, "must be a JSON object");
                }
                return n;
            }
            default:
                return f.textNode(raw);
        }
    }

    /** Go's {@code strconv.ParseBool}. */
    private static boolean parseBool(String v, String name) {
        switch (v) {
            case "1": case "t": case "T": case "true": case "TRUE": case "True":
                return true;
            case "0": case "f": case "F": case "false": case "FALSE": case "False":
                return false;
            default:
                throw new ConfigException(name, "must be true or false (also 1/0, t/f), got \"" + v + "\"");
        }
    }

    private static JsonNode namespaces(String v, String name) {
        if (v.startsWith("[")) {
            return parseJson(v, name);
        }
        if (v.startsWith("{")) {
            throw new ConfigException(name, "must be a JSON array of namespaces or space-separated names");
        }
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (String s : v.split(" ")) {
            if (!s.isEmpty()) {
                a.addObject().put("name", s);
            }
        }
        return a;
    }

    private static JsonNode parseJson(String v, String name) {
        try {
            return JSON.readTree(v);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException(name, "malformed JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    private static Map<String, Schema.Key> v6Names() {
        Map<String, Schema.Key> m = new HashMap<>();
        for (Schema.Key k : ConfigKeys.ROOT.keys()) {
            if (k.type() != Schema.Type.SECTION && !k.path().startsWith("xshathra.")) {
                m.put(variableFor(k.path()), k);
            }
        }
        for (Schema.Key k : ConfigKeys.CHANNEL_OPTIONS_KEYS.keys()) {
            if (k.type() != Schema.Type.SECTION) {
                String path = "channel.without_namespace." + k.path();
                m.put(variableFor(path), new Schema.Key(path, k.type(), k.support()));
            }
        }
        return m;
    }
}
