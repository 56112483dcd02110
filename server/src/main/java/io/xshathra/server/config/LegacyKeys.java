package io.xshathra.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Centrifugo v5's flat configuration names and where they live in v6 (spec section 10.4). The
 * same table serves the file ({@code "token_hmac_secret_key"}) and the environment
 * ({@code CENTRIFUGO_TOKEN_HMAC_SECRET_KEY}, the name uppercased).
 */
final class LegacyKeys {

    /**
     * One v6 destination of a v5 key.
     *
     * @param path  the v6 key path
     * @param fixed a value implied by the v5 key (e.g. {@code enabled: true}); null = the given value
     */
    record Target(String path, JsonNode fixed) {
    }

    /** v5 booleans that became v6 sections with an {@code enabled} flag; decided by JSON type in files. */
    static final Set<String> BOOL_OR_SECTION = Set.of("admin", "health", "prometheus", "debug", "swagger",
            "sse", "http_stream", "uni_websocket", "uni_sse", "uni_http_stream", "uni_grpc", "grpc_api",
            "webtransport", "graphite", "opentelemetry");

    /** v5 top-level channel options, which became {@code channel.without_namespace.*}. */
    private static final Set<String> TOP_LEVEL_CHANNEL_OPTIONS = Set.of("presence", "join_leave",
            "force_push_join_leave", "history_size", "history_ttl", "history_meta_ttl", "force_positioning",
            "allow_positioning", "force_recovery", "allow_recovery", "force_recovery_mode",
            "allow_subscribe_for_client", "allow_subscribe_for_anonymous", "allow_publish_for_client",
            "allow_publish_for_subscriber", "allow_publish_for_anonymous", "allow_presence_for_client",
            "allow_presence_for_subscriber", "allow_presence_for_anonymous", "allow_history_for_client",
            "allow_history_for_subscriber", "allow_history_for_anonymous", "allow_user_limited_channels",
            "channel_regex", "allowed_delta_types", "delta_publish", "proxy_subscribe", "proxy_publish",
            "proxy_sub_refresh", "proxy_subscribe_stream");

    /** {@code proxy_<kind>_endpoint|timeout} of the channel and RPC proxies. */
    private static final Pattern CHANNEL_PROXY =
            Pattern.compile("proxy_(subscribe|publish|sub_refresh|subscribe_stream|rpc)_(endpoint|timeout)");

    private static final Map<String, String> RENAMED = renamed();

    /** Prefix rules, tried in order; the result must be a key we recognise. */
    private static final Map<String, String> PREFIXES = prefixes();

    private LegacyKeys() {
    }

    /**
     * The v6 destinations of a v5 key, or an empty list when {@code key} is not a v5 name.
     * Callers handle the type-decided names ({@link #BOOL_OR_SECTION}, {@code engine},
     * {@code broker}) as objects first when they hold an object.
     */
    static List<Target> targets(String key) {
        if (BOOL_OR_SECTION.contains(key)) {
            return List.of(new Target(key + ".enabled", null));
        }
        if (TOP_LEVEL_CHANNEL_OPTIONS.contains(key)) {
            String option = ConfigKeys.CHANNEL_OPTION_ALIASES.getOrDefault(key, key);
            return List.of(new Target("channel.without_namespace." + option, null));
        }
        switch (key) {
            case "engine":
                return List.of(new Target("engine.type", null));
            case "broker":
                return List.of(new Target("broker.enabled", BooleanNode.TRUE), new Target("broker.type", null));
            case "proxy_connect_endpoint":
            case "proxy_refresh_endpoint": {
                String kind = key.substring("proxy_".length(), key.length() - "_endpoint".length());
                return List.of(new Target("client.proxy." + kind + ".endpoint", null),
                        new Target("client.proxy." + kind + ".enabled", BooleanNode.TRUE));
            }
            default:
                break;
        }
        Matcher proxy = CHANNEL_PROXY.matcher(key);
        if (proxy.matches()) {
            String where = proxy.group(1).equals("rpc") ? "rpc.proxy." : "channel.proxy." + proxy.group(1) + ".";
            return List.of(new Target(where + proxy.group(2), null));
        }
        String renamed = RENAMED.get(key);
        if (renamed != null) {
            return List.of(new Target(renamed, null));
        }
        for (Map.Entry<String, String> rule : PREFIXES.entrySet()) {
            if (key.startsWith(rule.getKey()) && key.length() > rule.getKey().length()) {
                String path = rule.getValue() + key.substring(rule.getKey().length());
                if (ConfigKeys.ROOT.find(path) != null || ConfigKeys.ROOT.enclosingSection(path) != null) {
                    return List.of(new Target(path, null));
                }
            }
        }
        return List.of();
    }

    private static Map<String, String> renamed() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("separate_subscription_token_config", "client.subscription_token.enabled");
        m.put("api_disable", "http_api.disabled");
        m.put("allowed_origins", "client.allowed_origins");
        m.put("namespaces", "channel.namespaces");
        m.put("global_history_meta_ttl", "channel.history_meta_ttl");
        m.put("allow_anonymous_connect_without_token", "client.allow_anonymous_connect_without_token");
        m.put("disallow_anonymous_connection_tokens", "client.disallow_anonymous_connection_tokens");
        m.put("ping_interval", "client.ping_interval");
        m.put("pong_timeout", "client.pong_timeout");
        m.put("user_subscribe_to_personal", "client.subscribe_to_user_personal_channel.enabled");
        m.put("user_personal_channel_namespace", "client.subscribe_to_user_personal_channel.personal_channel_namespace");
        m.put("user_personal_single_connection", "client.subscribe_to_user_personal_channel.single_connection");
        m.put("rpc_ping", "rpc.ping.enabled");
        m.put("rpc_ping_method", "rpc.ping.method");
        m.put("rpc_namespace_boundary", "rpc.namespace_boundary");
        m.put("rpc_namespaces", "rpc.namespaces");
        m.put("address", "http_server.address");
        m.put("port", "http_server.port");
        m.put("internal_address", "http_server.internal_address");
        m.put("internal_port", "http_server.internal_port");
        m.put("tls", "http_server.tls.enabled");
        m.put("tls_autocert", "http_server.tls_autocert.enabled");
        m.put("tls_cert", "http_server.tls.cert_pem");
        m.put("tls_cert_pem", "http_server.tls.cert_pem");
        m.put("tls_key", "http_server.tls.key_pem");
        m.put("tls_key_pem", "http_server.tls.key_pem");
        m.put("tls_external", "http_server.tls_external");
        for (String grpc : new String[] {"grpc_api", "uni_grpc"}) {
            m.put(grpc + "_tls", grpc + ".tls.enabled");
            m.put(grpc + "_tls_cert", grpc + ".tls.cert_pem");
            m.put(grpc + "_tls_key", grpc + ".tls.key_pem");
        }
        m.put("log_level", "log.level");
        m.put("log_file", "log.file");
        m.put("name", "node.name");
        m.put("redis_use_lists", "engine.redis.history_use_lists");
        m.put("global_presence_ttl", "engine.redis.presence_ttl");
        m.put("global_redis_presence_user_mapping", "engine.redis.presence_user_mapping");
        m.put("websocket_disable", "websocket.disabled");
        m.put("shutdown_timeout", "shutdown.timeout");
        m.put("usage_stats_disable", "usage_stats.disabled");
        m.put("proxy_connect_timeout", "client.proxy.connect.timeout");
        m.put("proxy_refresh_timeout", "client.proxy.refresh.timeout");
        m.put("node_info_metrics_aggregate_interval", "node.info_metrics_aggregate_interval");
        return m;
    }

    private static Map<String, String> prefixes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("subscription_token_", "client.subscription_token.");
        m.put("token_", "client.token.");
        m.put("api_", "http_api.");
        m.put("client_", "client.");
        m.put("channel_", "channel.");
        m.put("admin_", "admin.");
        m.put("health_", "health.");
        m.put("prometheus_", "prometheus.");
        m.put("swagger_", "swagger.");
        m.put("tls_autocert_", "http_server.tls_autocert.");
        m.put("redis_", "engine.redis.");
        m.put("nats_", "broker.nats.");
        m.put("websocket_", "websocket.");
        m.put("sse_", "sse.");
        m.put("http_stream_", "http_stream.");
        m.put("emulation_", "emulation.");
        m.put("uni_websocket_", "uni_websocket.");
        m.put("uni_sse_", "uni_sse.");
        m.put("uni_http_stream_", "uni_http_stream.");
        m.put("uni_grpc_", "uni_grpc.");
        m.put("grpc_api_", "grpc_api.");
        m.put("proxy_", "client.proxy.");
        return m;
    }
}
