package io.xshathra.server.config;

import static io.xshathra.controlplane.ControlPlaneException.Reason.INVALID_ARGUMENT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.NamespaceCompiler;
import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.config.ChannelConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Projects' namespaces read exactly as {@code channel.namespaces} entries of the configuration
 * file: the same type checks ({@link KeyChecker}) and option rules ({@link ChannelConfigReader}),
 * against the configuration's channel-wide settings. Unknown keys, which the file only warns
 * about, are refused here, and so are the options a project may not set ({@link #REFUSED}).
 * Immutable and thread-safe.
 */
public final class ProjectNamespaceCompiler implements NamespaceCompiler {

    /**
     * Options that would reach the operator's backends (they name proxies of the configuration
     * file; a project's own backends, set on its Backends page, already apply to every namespace
     * of the project), and {@code channel_regex} (a tenant's regular expression could take
     * unbounded time on an event loop). The v5 names of the proxy options are refused alike.
     */
    static final Set<String> REFUSED = Set.of("subscribe_proxy_enabled", "subscribe_proxy_name",
            "publish_proxy_enabled", "publish_proxy_name", "sub_refresh_proxy_enabled", "sub_refresh_proxy_name",
            "subscribe_stream_proxy_enabled", "subscribe_stream_proxy_name", "subscribe_stream_proxy_bidirectional",
            "proxy_subscribe", "proxy_publish", "proxy_sub_refresh", "proxy_subscribe_stream",
            "proxy_subscribe_stream_bidirectional", "shared_poll", "channel_regex");
    /** Keys of the {@code map} object that name the operator's proxies. */
    static final Set<String> REFUSED_MAP = Set.of("publish_proxy_enabled", "publish_proxy_name",
            "remove_proxy_enabled", "remove_proxy_name");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIST = "channel.namespaces[";
    /** The key a warning about a namespace names. */
    private static final java.util.regex.Pattern WARNED_KEY =
            java.util.regex.Pattern.compile("channel\\.namespaces\\[\\d+\\](\\.[A-Za-z0-9_.]+)?");

    /** The configuration's {@code channel} object without its namespaces. */
    private final ObjectNode globals;
    private final ChannelConfig base;
    private final Map<String, String> defaults;

    private ProjectNamespaceCompiler(ObjectNode globals, ChannelConfig base, List<JsonNode> configured) {
        this.globals = globals;
        this.base = base;
        Map<String, String> d = new LinkedHashMap<>();
        for (JsonNode ns : configured) {
            if (!(ns instanceof ObjectNode o) || !o.path("name").isTextual()
                    || "shared_poll".equals(o.path("subscription_type").asText())) {
                continue; // a shared-poll namespace polls the operator's backend: not for projects
            }
            ObjectNode options = o.deepCopy();
            String name = options.remove("name").asText();
            REFUSED.forEach(options::remove);
            if (options.get("map") instanceof ObjectNode map) {
                REFUSED_MAP.forEach(map::remove);
            }
            try {
                d.put(name, check(name, options.toString()));
            } catch (ControlPlaneException e) {
                // Left out: it depends on something a project may not have (a map presence prefix
                // naming a namespace that was left out).
            }
        }
        Map<String, String> checked = new LinkedHashMap<>(d);
        try {
            compile(checked);
        } catch (ControlPlaneException e) {
            checked.clear();
        }
        this.defaults = Collections.unmodifiableMap(checked);
    }

    /** The compiler of a loaded configuration: its merged {@code channel} object and compiled settings. */
    static ProjectNamespaceCompiler of(ConfigTree tree, ChannelConfig base) {
        JsonNode channel = tree.root().path("channel");
        ObjectNode globals = channel instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
        JsonNode list = globals.remove("namespaces");
        List<JsonNode> configured = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(configured::add);
        }
        return new ProjectNamespaceCompiler(globals, base, configured);
    }

    /** A compiler over compiled settings alone (no configured namespaces become defaults). */
    public static ProjectNamespaceCompiler of(ChannelConfig base) {
        return new ProjectNamespaceCompiler(JsonNodeFactory.instance.objectNode(), base, List.of());
    }

    @Override
    public String check(String name, String optionsJson) {
        ObjectNode options = parse(optionsJson);
        JsonNode named = options.remove("name");
        if (named != null && !name.equals(named.asText())) {
            throw refused("name", "is given as the namespace's name, not in its options");
        }
        refuseOperatorOptions(options);
        read(List.of(Map.entry(name, options)));
        return options.toString();
    }

    @Override
    public ChannelRules compile(Map<String, String> namespaces) {
        List<Map.Entry<String, ObjectNode>> all = new ArrayList<>();
        namespaces.forEach((name, json) -> all.add(Map.entry(name, parse(json))));
        return new ChannelRules(base.withNamespaces(base.withoutNamespace(), read(all).namespaces()));
    }

    @Override
    public Map<String, String> defaults() {
        return defaults;
    }

    private static ObjectNode parse(String json) {
        JsonNode node;
        try {
            node = json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw refused("options", "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(node instanceof ObjectNode o)) {
            throw refused("options", "must be a JSON object");
        }
        return o;
    }

    private static void refuseOperatorOptions(ObjectNode options) {
        for (String key : REFUSED) {
            if (options.has(key)) {
                throw refused(key, "a project may not set this option (see docs/controlplane.md)");
            }
        }
        if ("shared_poll".equals(options.path("subscription_type").asText())) {
            throw refused("subscription_type", "\"shared_poll\" is not available to projects");
        }
        if (options.get("map") instanceof ObjectNode map) {
            for (String key : REFUSED_MAP) {
                if (map.has(key)) {
                    throw refused("map." + key, "a project may not set this option (see docs/controlplane.md)");
                }
            }
        }
    }

    /** Runs the configuration's checks on a tree holding these namespaces under the configuration's settings. */
    private ChannelConfig read(List<Map.Entry<String, ObjectNode>> namespaces) {
        ConfigTree tree = new ConfigTree();
        ObjectNode channel = globals.deepCopy();
        ArrayNode list = channel.putArray("namespaces");
        for (Map.Entry<String, ObjectNode> e : namespaces) {
            ObjectNode entry = list.addObject().put("name", e.getKey());
            entry.setAll(e.getValue().deepCopy());
        }
        tree.root().set("channel", channel);
        List<String> warnings = new ArrayList<>();
        try {
            KeyChecker.check(tree, warnings);
            for (String w : warnings) {
                java.util.regex.Matcher m = WARNED_KEY.matcher(w);
                if (m.find()) {
                    throw refused(rename(m.group(), namespaces),
                            w.startsWith("unknown key") ? "unknown option" : "not supported yet");
                }
            }
            return ChannelConfigReader.read(ConfigNode.root(tree), warnings);
        } catch (ConfigException e) {
            String key = rename(e.key(), namespaces);
            String message = e.getMessage().substring(("config: " + e.key() + ": ").length());
            throw refused(key, message);
        }
    }

    /** {@code channel.namespaces[2].history_ttl} → {@code chat.history_ttl} ({@code history_ttl} for one namespace). */
    private static String rename(String key, List<Map.Entry<String, ObjectNode>> namespaces) {
        int at = key.indexOf(LIST);
        if (at < 0) {
            return key;
        }
        int end = key.indexOf(']', at);
        int index = Integer.parseInt(key.substring(at + LIST.length(), end));
        String rest = key.substring(end + 1).replaceFirst("^\\.", "");
        String prefix = namespaces.size() == 1 ? "" : namespaces.get(index).getKey() + (rest.isEmpty() ? "" : ".");
        return key.substring(0, at) + prefix + (rest.isEmpty() && prefix.isEmpty() ? "name" : rest);
    }

    private static ControlPlaneException refused(String key, String rule) {
        return new ControlPlaneException(INVALID_ARGUMENT, key + ": " + rule);
    }
}
