package io.xshathra.server.config;

import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.MapOptions;
import io.xshathra.engine.config.MapOptions.Access;
import io.xshathra.engine.config.MapOptions.ClientKey;
import io.xshathra.engine.config.MapOptions.MapMode;
import io.xshathra.engine.config.MapOptions.Paging;
import io.xshathra.engine.config.SubscriptionType;
import java.time.Duration;
import java.util.Map;

/**
 * Reads a namespace's {@code map} section and map presence prefixes with Centrifugo v6.9's rules:
 * a map subscription type needs {@code map.mode}; modes with expiring keys need
 * {@code map.key_ttl} and {@code persistent} refuses it (and the presence types); an
 * {@code ephemeral} map keeps no stream, so its stream settings must stay unset; the meta TTL
 * outlives the stream; page sizes are ordered; a presence prefix must lead to a namespace of the
 * matching presence type. The section of a namespace that is not of a map type is checked but
 * has no effect ({@link MapOptions#NONE}).
 */
final class MapOptionsReader {
    private MapOptionsReader() {
    }

    static MapOptions read(ConfigNode ns, SubscriptionType type) {
        ConfigNode m = ns.child("map");
        String modeName = m.string("mode", "");
        MapMode mode = modeName.isEmpty() ? null : MapMode.fromConfig(modeName);
        if (!modeName.isEmpty() && mode == null) {
            throw m.error("mode", "unknown map mode \"" + modeName
                    + "\" (valid: \"ephemeral\", \"recoverable\", \"persistent\")");
        }
        boolean mapType = isMap(type);
        if (mapType && mode == null) {
            throw m.error("mode", "is required when subscription_type is \"" + type.configName() + "\"");
        }
        Duration keyTtl = m.duration("key_ttl", Duration.ZERO);
        checkMode(m, mode, type, keyTtl);
        int streamSize = m.nonNegativeInt("stream_size", 0);
        Duration streamTtl = m.duration("stream_ttl", Duration.ZERO);
        Duration metaTtl = m.duration("meta_ttl", Duration.ZERO);
        checkStream(m, mode, streamSize, streamTtl, metaTtl);
        boolean removeOnUnsubscribe = m.bool("remove_client_on_unsubscribe", false);
        if (removeOnUnsubscribe && !mapType) {
            throw m.error("remove_client_on_unsubscribe", "requires subscription_type to be a map type");
        }
        ClientKey clientKey = clientKey(m);
        Access access = new Access(m.bool("allow_publish_for_client", false),
                m.bool("allow_publish_for_subscriber", false), m.bool("allow_publish_for_anonymous", false),
                m.bool("allow_remove_for_client", false), m.bool("allow_remove_for_subscriber", false),
                m.bool("allow_remove_for_anonymous", false));
        Paging paging = paging(m);
        if (!mapType) {
            return MapOptions.NONE;
        }
        return new MapOptions(mode, keyTtl, streamSize, streamTtl, metaTtl, removeOnUnsubscribe, clientKey, access,
                paging, ns.string("map_clients_presence_channel_prefix", ""),
                ns.string("map_users_presence_channel_prefix", ""));
    }

    static boolean isMap(SubscriptionType type) {
        return type == SubscriptionType.MAP || type == SubscriptionType.MAP_CLIENTS
                || type == SubscriptionType.MAP_USERS;
    }

    private static void checkMode(ConfigNode m, MapMode mode, SubscriptionType type, Duration keyTtl) {
        if (mode == null) {
            return;
        }
        if (mode.hasExpiry() && keyTtl.isZero()) {
            throw m.error("key_ttl", "is required when map.mode is \"" + mode.configName() + "\"");
        }
        if (!mode.hasExpiry() && !keyTtl.isZero()) {
            throw m.error("key_ttl", "must not be set when map.mode is \"persistent\" (entries do not expire)");
        }
        if (!mode.hasExpiry() && (type == SubscriptionType.MAP_CLIENTS || type == SubscriptionType.MAP_USERS)) {
            throw m.error("mode", "\"persistent\" is not allowed with subscription_type \"" + type.configName()
                    + "\" (presence entries need TTL-based cleanup; use \"ephemeral\" or \"recoverable\")");
        }
    }

    private static void checkStream(ConfigNode m, MapMode mode, int streamSize, Duration streamTtl,
                                    Duration metaTtl) {
        if (mode == MapMode.EPHEMERAL) {
            for (String key : new String[] {"stream_size", "stream_ttl", "meta_ttl"}) {
                if (m.isSet(key)) {
                    throw m.error(key, "must not be set for map.mode \"ephemeral\" (it keeps no stream)");
                }
            }
        }
        if (mode != null && mode.hasStream() && !metaTtl.isZero()) {
            Duration effective = streamTtl.isZero() ? MapOptions.DEFAULT_STREAM_TTL : streamTtl;
            if (metaTtl.compareTo(effective) < 0) {
                throw m.error("meta_ttl", "must be greater than or equal to map.stream_ttl (" + effective.toSeconds()
                        + "s): the metadata must outlive the stream");
            }
        }
    }

    private static ClientKey clientKey(ConfigNode m) {
        String v = m.string("client_key", "");
        return switch (v) {
            case "" -> ClientKey.REQUEST;
            case "client_id" -> ClientKey.CLIENT_ID;
            case "user_id" -> ClientKey.USER_ID;
            default -> throw m.error("client_key", "unknown value \"" + v + "\" (valid: \"client_id\", \"user_id\")");
        };
    }

    private static Paging paging(ConfigNode m) {
        int min = m.nonNegativeInt("min_page_size", 0);
        int max = m.nonNegativeInt("max_page_size", 0);
        int def = m.nonNegativeInt("default_page_size", 0);
        if (min > 0 && max > 0 && min > max) {
            throw m.error("min_page_size", "must not exceed map.max_page_size (" + max + ")");
        }
        if (def > 0 && max > 0 && def > max) {
            throw m.error("default_page_size", "must not exceed map.max_page_size (" + max + ")");
        }
        if (def > 0 && min > 0 && def < min) {
            throw m.error("default_page_size", "must not be below map.min_page_size (" + min + ")");
        }
        Paging d = Paging.DEFAULTS;
        Duration catchUp = m.signedDuration("subscribe_catch_up_timeout", d.catchUpTimeout());
        return new Paging(def > 0 ? def : d.defaultPageSize(), min > 0 ? min : d.minPageSize(),
                max > 0 ? max : d.maxPageSize(), m.nonNegativeInt("live_transition_max_publication_limit", 0),
                catchUp);
    }

    /**
     * A presence prefix must lead to a namespace whose type is {@code expected}: the part of
     * {@code prefix + "x"} before the namespace boundary names it.
     */
    static void checkPresencePrefix(ConfigNode ns, String key, String prefix, SubscriptionType expected,
                                    Map<String, ChannelOptions> namespaces, String boundary) {
        if (prefix.isEmpty()) {
            return;
        }
        String probe = prefix + "x";
        int at = probe.indexOf(boundary);
        String target = at < 0 ? "" : probe.substring(0, at);
        ChannelOptions o = namespaces.get(target);
        if (o == null) {
            throw ns.error(key, "\"" + prefix + "\" resolves to namespace \"" + target + "\" which does not exist");
        }
        if (o.subscriptionType() != expected) {
            throw ns.error(key, "\"" + prefix + "\" resolves to namespace \"" + target
                    + "\" whose subscription_type is not \"" + expected.configName() + "\"");
        }
    }
}
