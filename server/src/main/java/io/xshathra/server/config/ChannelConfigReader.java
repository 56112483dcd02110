package io.xshathra.server.config;

import io.xshathra.engine.config.ChannelConfig;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ChannelOptions.DataFormat;
import io.xshathra.engine.config.ChannelOptions.Permissions;
import io.xshathra.engine.config.ChannelOptions.RecoveryMode;
import io.xshathra.engine.config.SubscriptionType;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compiles {@code channel.*} into a {@link ChannelConfig}, applying the channel option rules of
 * spec section 6.3: history size and TTL together, whole-second history durations, meta TTL not
 * below the TTL, forced recovery only with history, known recovery modes, delta types and data
 * formats, valid regular expressions, unique well-formed namespace names.
 */
final class ChannelConfigReader {

    static final String NAME_RULE = "^[-a-zA-Z0-9_.]{2,}$";
    private static final Pattern NAME = Pattern.compile(NAME_RULE);

    private final List<String> warnings;
    /** The file root: namespaces name proxies of its {@code proxies} and {@code channel.proxy}. */
    private final ConfigNode root;
    private Duration globalMetaTtl;
    private DataFormat globalFormat;

    private ChannelConfigReader(List<String> warnings, ConfigNode root) {
        this.warnings = warnings;
        this.root = root;
    }

    static ChannelConfig read(ConfigNode root, List<String> warnings) {
        return new ChannelConfigReader(warnings, root).channel(root.child("channel"));
    }

    private ChannelConfig channel(ConfigNode ch) {
        ChannelConfig d = ChannelConfig.defaults();
        globalMetaTtl = wholeSeconds(ch, "history_meta_ttl", d.historyMetaTtl());
        globalFormat = format(ch, DataFormat.DEFAULT);
        ChannelOptions withoutNamespace = options(ch.child("without_namespace"));
        Map<String, ChannelOptions> namespaces = new LinkedHashMap<>();
        Map<String, String> seenAt = new HashMap<>();
        ConfigNode list = ch.child("namespaces");
        for (int i = 0; i < list.size(); i++) {
            ConfigNode ns = list.element(i);
            String name = ns.raw("name").asText("");
            if (!NAME.matcher(name).matches()) {
                throw ns.error("name", "\"" + name + "\" must match " + NAME_RULE);
            }
            String previous = seenAt.putIfAbsent(name, ns.path());
            if (previous != null) {
                throw ns.error("name", "duplicate namespace \"" + name + "\" (also " + previous + ")");
            }
            namespaces.put(name, options(ns));
        }
        checkPresencePrefixes(ch, withoutNamespace, namespaces);
        return new ChannelConfig(withoutNamespace, namespaces, globalMetaTtl,
                ch.nonNegativeInt("max_length", d.maxLength()),
                ch.string("private_prefix", d.privatePrefix()),
                ch.string("namespace_boundary", d.namespaceBoundary()),
                ch.string("user_boundary", d.userBoundary()),
                ch.string("user_separator", d.userSeparator()),
                ch.nonNegativeInt("memory_stream_limit", d.memoryStreamLimit()));
    }

    private ChannelOptions options(ConfigNode n) {
        ChannelOptions.Builder b = ChannelOptions.builder();
        b.presence = n.bool("presence", false);
        b.joinLeave = n.bool("join_leave", false);
        b.forcePushJoinLeave = n.bool("force_push_join_leave", false);
        history(n, b);
        b.forcePositioning = n.bool("force_positioning", false);
        b.allowPositioning = n.bool("allow_positioning", false);
        b.forceRecovery = n.bool("force_recovery", false);
        b.allowRecovery = n.bool("allow_recovery", false);
        if (b.forceRecovery && !(b.historySize > 0)) {
            throw n.error("force_recovery", "requires history (set history_size and history_ttl)");
        }
        b.recoveryMode = recoveryMode(n);
        if (n.bool("auto_cache_recover", false) && !(b.forceRecovery && b.recoveryMode == RecoveryMode.CACHE)) {
            throw n.error("auto_cache_recover", "requires force_recovery with force_recovery_mode \"cache\"");
        }
        b.allowedDeltaTypes = n.strings("allowed_delta_types");
        for (String type : b.allowedDeltaTypes) {
            if (!type.equals("fossil")) {
                throw n.error("allowed_delta_types", "unknown delta type \"" + type + "\" (only \"fossil\" is supported)");
            }
        }
        b.deltaPublish = n.bool("delta_publish", false);
        b.permissions = permissions(n);
        b.allowUserLimitedChannels = n.bool("allow_user_limited_channels", false);
        b.channelRegex = n.regex("channel_regex");
        b.publicationDataFormat = format(n, globalFormat);
        b.allowTagsFilter = n.bool("allow_tags_filter", false);
        b.subscriptionType = proxiesAndTypes(n);
        b.map = MapOptionsReader.read(n, b.subscriptionType);
        b.sharedPoll = SharedPollReader.options(n, b.subscriptionType, root);
        b.proxies = ProxyConfigReader.channelProxies(n, root);
        return b.build();
    }

    /** Map presence prefixes name existing namespaces of the matching presence type. */
    private static void checkPresencePrefixes(ConfigNode ch, ChannelOptions withoutNamespace,
                                              Map<String, ChannelOptions> namespaces) {
        Map<String, ChannelOptions> all = new HashMap<>(namespaces);
        all.put("", withoutNamespace);
        String boundary = ch.string("namespace_boundary", ChannelConfig.defaults().namespaceBoundary());
        List<ConfigNode> nodes = new java.util.ArrayList<>();
        nodes.add(ch.child("without_namespace"));
        ConfigNode list = ch.child("namespaces");
        for (int i = 0; i < list.size(); i++) {
            nodes.add(list.element(i));
        }
        for (ConfigNode ns : nodes) {
            MapOptionsReader.checkPresencePrefix(ns, "map_clients_presence_channel_prefix",
                    ns.string("map_clients_presence_channel_prefix", ""), SubscriptionType.MAP_CLIENTS, all, boundary);
            MapOptionsReader.checkPresencePrefix(ns, "map_users_presence_channel_prefix",
                    ns.string("map_users_presence_channel_prefix", ""), SubscriptionType.MAP_USERS, all, boundary);
        }
    }

    private void history(ConfigNode n, ChannelOptions.Builder b) {
        b.historySize = n.nonNegativeInt("history_size", 0);
        b.historyTtl = wholeSeconds(n, "history_ttl", Duration.ZERO);
        b.historyMetaTtl = wholeSeconds(n, "history_meta_ttl", Duration.ZERO);
        if (b.historySize > 0 && b.historyTtl.isZero()) {
            throw n.error("history_ttl", "must be set when history_size is set (both or neither)");
        }
        if (b.historySize == 0 && !b.historyTtl.isZero()) {
            throw n.error("history_size", "must be set when history_ttl is set (both or neither)");
        }
        if (b.historyTtl.isZero()) {
            return;
        }
        if (!b.historyMetaTtl.isZero() && b.historyMetaTtl.compareTo(b.historyTtl) < 0) {
            throw n.error("history_meta_ttl", "must be greater than or equal to history_ttl");
        }
        if (b.historyMetaTtl.isZero() && globalMetaTtl.compareTo(b.historyTtl) < 0) {
            throw n.error("history_ttl", "must not be greater than channel.history_meta_ttl");
        }
    }

    private static Duration wholeSeconds(ConfigNode n, String key, Duration def) {
        Duration d = n.duration(key, def);
        if (d.getNano() != 0) {
            throw n.error(key, "must be a whole number of seconds, got \"" + n.raw(key).asText() + "\"");
        }
        return d;
    }

    private static RecoveryMode recoveryMode(ConfigNode n) {
        String mode = n.string("force_recovery_mode", "stream");
        switch (mode) {
            case "stream": return RecoveryMode.STREAM;
            case "cache": return RecoveryMode.CACHE;
            default: throw n.error("force_recovery_mode", "must be \"stream\" or \"cache\", got \"" + mode + "\"");
        }
    }

    private static DataFormat format(ConfigNode n, DataFormat def) {
        String f = n.string("publication_data_format", "");
        switch (f) {
            case "": return def;
            case "json": return DataFormat.JSON;
            case "json_object": return DataFormat.JSON_OBJECT;
            case "binary": return DataFormat.BINARY;
            default: throw n.error("publication_data_format",
                    "must be one of \"\", \"json\", \"json_object\", \"binary\", got \"" + f + "\"");
        }
    }

    private static Permissions permissions(ConfigNode n) {
        return new Permissions(
                n.bool("allow_subscribe_for_client", false), n.bool("allow_subscribe_for_anonymous", false),
                n.bool("allow_publish_for_client", false), n.bool("allow_publish_for_subscriber", false),
                n.bool("allow_publish_for_anonymous", false),
                n.bool("allow_presence_for_client", false), n.bool("allow_presence_for_subscriber", false),
                n.bool("allow_presence_for_anonymous", false),
                n.bool("allow_history_for_client", false), n.bool("allow_history_for_subscriber", false),
                n.bool("allow_history_for_anonymous", false));
    }

    private SubscriptionType proxiesAndTypes(ConfigNode n) {
        if (n.bool("subscribe_stream_proxy_enabled", false)
                && (n.bool("subscribe_proxy_enabled", false) || n.bool("publish_proxy_enabled", false)
                || n.bool("sub_refresh_proxy_enabled", false))) {
            throw n.error("subscribe_stream_proxy_enabled",
                    "cannot be combined with subscribe_proxy_enabled, publish_proxy_enabled or sub_refresh_proxy_enabled");
        }
        String name = n.string("subscription_type", "stream");
        SubscriptionType type = SubscriptionType.fromConfig(name);
        if (type == null) {
            throw n.error("subscription_type", "unknown subscription type \"" + name
                    + "\" (valid: \"stream\", \"map\", \"map_clients\", \"map_users\", \"shared_poll\")");
        }
        return type;
    }
}
