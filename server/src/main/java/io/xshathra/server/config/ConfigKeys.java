package io.xshathra.server.config;

import static io.xshathra.server.config.Schema.Type.ANY;
import static io.xshathra.server.config.Schema.Type.BOOL;
import static io.xshathra.server.config.Schema.Type.CHANNEL_OPTIONS;
import static io.xshathra.server.config.Schema.Type.DURATION;
import static io.xshathra.server.config.Schema.Type.INT;
import static io.xshathra.server.config.Schema.Type.LONG;
import static io.xshathra.server.config.Schema.Type.NAMESPACES;
import static io.xshathra.server.config.Schema.Type.SECTION;
import static io.xshathra.server.config.Schema.Type.STRING;
import static io.xshathra.server.config.Schema.Type.STRING_LIST;

import java.util.Map;

/**
 * The Centrifugo v6 configuration keys we recognise (spec section 10.2), plus Xshathra's own
 * {@code xshathra} section. {@code docs/configuration.md} is the readable form of this table;
 * keep the two in step.
 */
final class ConfigKeys {

    /** Keys of the file root. */
    static final Schema ROOT = root();

    /** Keys of one channel options object ({@code channel.without_namespace}, a namespace). */
    static final Schema CHANNEL_OPTIONS_KEYS = channelOptions();

    /** v5 option names still found inside namespace entries, with their v6 names. */
    static final Map<String, String> CHANNEL_OPTION_ALIASES = Map.of(
            "proxy_subscribe", "subscribe_proxy_enabled",
            "proxy_publish", "publish_proxy_enabled",
            "proxy_sub_refresh", "sub_refresh_proxy_enabled",
            "proxy_subscribe_stream", "subscribe_stream_proxy_enabled",
            "proxy_subscribe_stream_bidirectional", "subscribe_stream_proxy_bidirectional");

    private ConfigKeys() {
    }

    private static Schema root() {
        Schema.Builder b = Schema.builder()
                .key("http_server.address", STRING)
                .key("http_server.port", INT)
                .key("http_server.read_header_timeout", DURATION)
                .key("http_server.read_body_timeout", DURATION)
                .key("http_server.idle_timeout", DURATION)
                .key("http_server.write_timeout", DURATION)
                .key("http_server.max_initial_line_length", INT)
                .key("http_server.max_header_size", INT)
                .key("http_server.max_header_count", INT)
                .key("http_server.pipeline_buffer_size", INT)
                .unsupported("http_server.internal_address", ANY)
                .unsupported("http_server.internal_port", ANY)
                .unsupported("http_server.tls_external", ANY)
                .unsupportedFeature("http_server.tls")
                .unsupportedFeature("http_server.tls_autocert")
                .unsupportedFeature("http_server.http3")
                .key("log.level", STRING)
                .unsupported("log.file", ANY);
        client(b);
        token(b, "client.token");
        b.key("client.subscription_token.enabled", BOOL);
        token(b, "client.subscription_token");
        b.key("channel.without_namespace", CHANNEL_OPTIONS)
                .key("channel.namespaces", NAMESPACES)
                .key("channel.history_meta_ttl", DURATION)
                .key("channel.publication_data_format", STRING)
                .key("channel.max_length", INT)
                .key("channel.memory_stream_limit", INT)
                .key("channel.private_prefix", STRING)
                .key("channel.namespace_boundary", STRING)
                .key("channel.user_boundary", STRING)
                .key("channel.user_separator", STRING)
                .key("rpc.ping.enabled", BOOL)
                .key("rpc.ping.method", STRING)
                .key("rpc.namespace_boundary", STRING)
                .key("rpc.without_namespace.proxy_enabled", BOOL)
                .key("rpc.without_namespace.proxy_name", STRING)
                .key("rpc.namespaces", Schema.Type.OBJECT_LIST)
                .key("http_api.key", STRING)
                .key("http_api.insecure", BOOL)
                .unsupported("http_api.external", ANY)
                .key("http_api.disabled", BOOL)
                .key("http_api.handler_prefix", STRING)
                .key("http_api.error_mode", STRING);
        grpc(b);
        websocket(b);
        transports(b);
        for (String f : new String[] {"webtransport", "broker", "presence_manager", "admin", "swagger", "debug",
                "opentelemetry", "graphite", "init"}) {
            b.unsupportedFeature(f);
        }
        b.key("shared_poll.hmac_secret_key", STRING)
                .key("shared_poll.hmac_previous_secret_key", STRING)
                .key("shared_poll.hmac_previous_secret_key_valid_until", Schema.Type.LONG)
                .key("shared_poll.concurrency_limit", INT);
        b.key("map_broker.type", STRING).unsupported("map_broker.postgres", ANY);
        mapBrokerRedis(b, "map_broker.redis.");
        return b.key("engine.type", STRING)
                .key("engine.redis.address", ANY)
                .key("engine.redis.prefix", STRING)
                .key("engine.redis.presence_ttl", DURATION)
                .key("engine.redis.connect_timeout", DURATION)
                .key("engine.redis.io_timeout", DURATION)
                .key("engine.redis.db", INT)
                .key("engine.redis.user", STRING)
                .key("engine.redis.password", STRING)
                .key("engine.redis.cluster_address", ANY)
                .key("engine.redis.sentinel_address", ANY)
                .key("engine.redis.sentinel_master_name", STRING)
                .key("engine.redis.sentinel_password", STRING)
                .silent("engine.redis.client_name", STRING)
                .silent("engine.redis.force_resp2", BOOL)
                .silent("engine.redis.presence_user_mapping", BOOL)
                .silent("engine.redis.presence_hash_field_ttl", BOOL)
                .unsupported("engine.redis.sentinel_user", STRING)
                .unsupported("engine.redis.history_use_lists", BOOL)
                .unsupported("engine.redis.replica_client", ANY)
                .unsupportedFeature("engine.redis.tls")
                .unsupportedFeature("engine.redis.sentinel_tls")
                .key("prometheus.enabled", BOOL)
                .key("prometheus.handler_prefix", STRING)
                .silent("prometheus.instrument_http_handlers", ANY)
                .silent("prometheus.recovered_publications_histogram", ANY)
                .key("health.enabled", BOOL)
                .key("health.handler_prefix", STRING)
                .key("node.name", STRING)
                .silent("node.info_metrics_aggregate_interval", ANY)
                .key("shutdown.timeout", DURATION)
                .silent("usage_stats", SECTION)
                .unsupported("pid_file", ANY)
                .unsupported("enable_unreleased_features", ANY)
                .key("proxies", Schema.Type.OBJECT_LIST)
                .unsupported("consumers", ANY)
                .key("xshathra.data_dir", STRING)
                .key("xshathra.database_url", STRING)
                .key("xshathra.trusted_proxies", STRING_LIST)
                .key("xshathra.console.secure_cookies", STRING)
                .key("xshathra.console.hsts_max_age", DURATION)
                .key("xshathra.project_proxies.private_networks", STRING)
                .key("xshathra.project_limits.max_connections", INT)
                .key("xshathra.project_limits.max_publications_per_second", INT)
                .key("xshathra.project_limits.max_message_size", INT)
                .build();
    }

    private static void client(Schema.Builder b) {
        b.key("client.allowed_origins", STRING_LIST)
                .key("client.allow_anonymous_connect_without_token", BOOL)
                .key("client.disallow_anonymous_connection_tokens", BOOL)
                .key("client.insecure", BOOL)
                .unsupported("client.insecure_skip_token_signature_verify", ANY)
                .unsupported("client.user_id_http_header", ANY)
                .key("client.ping_interval", DURATION)
                .key("client.pong_timeout", DURATION)
                .key("client.expired_close_delay", DURATION)
                .key("client.expired_sub_close_delay", DURATION)
                .key("client.stale_close_delay", DURATION)
                .key("client.channel_limit", INT)
                .key("client.queue_max_size", LONG)
                .key("client.command_queue_limit", INT)
                .key("client.presence_update_interval", DURATION)
                .key("client.channel_position_check_delay", DURATION)
                .key("client.channel_position_max_time_lag", DURATION)
                .key("client.connection_limit", INT)
                .key("client.user_connection_limit", INT)
                .key("client.connection_rate_limit", INT)
                .key("client.concurrency", INT)
                .key("client.write_hold_max", DURATION)
                .key("client.connect_include_server_time", BOOL)
                .key("client.history_max_publication_limit", INT)
                .key("client.recovery_max_publication_limit", INT)
                .key("client.subscribe_to_user_personal_channel.enabled", BOOL)
                .key("client.subscribe_to_user_personal_channel.personal_channel_namespace", STRING)
                .key("client.subscribe_to_user_personal_channel.single_connection", BOOL)
                .key("client.proxy.connect.enabled", BOOL)
                .key("client.proxy.refresh.enabled", BOOL);
        for (String p : new String[] {"client.proxy.connect", "client.proxy.refresh", "channel.proxy.subscribe",
                "channel.proxy.publish", "channel.proxy.sub_refresh", "channel.proxy.shared_poll_refresh",
                "channel.proxy.subscribe_stream", "rpc.proxy", "channel.proxy.map_publish", "channel.proxy.map_remove"}) {
            proxy(b, p + ".");
        }
    }

    /**
     * {@code map_broker.redis}: the connection keys of {@code engine.redis} (without presence) and the
     * map broker's own tuning, checked by {@code MapConfigReader}.
     */
    private static void mapBrokerRedis(Schema.Builder b, String p) {
        for (String k : new String[] {"prefix", "user", "password", "sentinel_master_name", "sentinel_password"}) {
            b.key(p + k, STRING);
        }
        for (String k : new String[] {"address", "cluster_address", "sentinel_address"}) {
            b.key(p + k, ANY);
        }
        b.key(p + "connect_timeout", DURATION).key(p + "io_timeout", DURATION).key(p + "db", INT)
                .silent(p + "client_name", STRING).silent(p + "force_resp2", BOOL)
                .unsupported(p + "sentinel_user", STRING).unsupported(p + "replica_client", ANY)
                .unsupportedFeature(p + "tls").unsupportedFeature(p + "sentinel_tls")
                .key(p + "cleanup_interval", ANY).key(p + "cleanup_batch_size", INT)
                .key(p + "idempotent_result_ttl", DURATION).key(p + "skip_pub_sub", BOOL);
    }

    /**
     * The keys of one proxy object ({@code client.proxy.connect}, {@code rpc.proxy}, …); the
     * entries of {@code proxies} have the same keys and are checked by {@code ProxyConfigReader}.
     */
    private static void proxy(Schema.Builder b, String p) {
        for (String k : ProxyConfigReader.STRING_KEYS) {
            b.key(p + k, STRING);
        }
        for (String k : ProxyConfigReader.LIST_KEYS) {
            b.key(p + k, STRING_LIST);
        }
        for (String k : ProxyConfigReader.BOOL_KEYS) {
            b.key(p + k, BOOL);
        }
        b.key(p + "timeout", DURATION)
                .key(p + "http.static_headers", Schema.Type.STRING_MAP)
                .key(p + "http.status_to_code_transforms", Schema.Type.OBJECT_LIST)
                .key(p + "http.tls.enabled", BOOL)
                .key(p + "http.tls.server_ca_pem", STRING)
                .key(p + "http.tls.cert_pem", STRING)
                .key(p + "http.tls.key_pem", STRING)
                .key(p + "http.tls.server_name", STRING)
                .key(p + "http.tls.insecure_skip_verify", BOOL)
                .silent(p + "http.tls.client_ca_pem", ANY)
                .key(p + "grpc.tls.enabled", BOOL)
                .key(p + "grpc.tls.server_ca_pem", STRING)
                .key(p + "grpc.tls.cert_pem", STRING)
                .key(p + "grpc.tls.key_pem", STRING)
                .key(p + "grpc.tls.server_name", STRING)
                .key(p + "grpc.tls.insecure_skip_verify", BOOL)
                .silent(p + "grpc.tls.client_ca_pem", ANY)
                .key(p + "grpc.credentials_key", STRING)
                .key(p + "grpc.credentials_value", STRING)
                .key(p + "grpc.compression", BOOL)
                .key(p + "grpc.static_metadata", Schema.Type.STRING_MAP);
    }

    private static void token(Schema.Builder b, String p) {
        b.key(p + ".hmac_secret_key", STRING)
                .key(p + ".hmac_previous_secret_key", STRING)
                .key(p + ".hmac_previous_secret_key_valid_until", ANY)
                .key(p + ".audience", STRING)
                .key(p + ".audience_regex", STRING)
                .key(p + ".issuer", STRING)
                .key(p + ".issuer_regex", STRING)
                .key(p + ".user_id_claim", STRING)
                .key(p + ".rsa_public_key", STRING)
                .key(p + ".ecdsa_public_key", STRING)
                .key(p + ".jwks_public_endpoint", STRING);
    }

    /** The server API over gRPC and the uni_grpc transport, each on its own port. */
    private static void grpc(Schema.Builder b) {
        b.key("grpc_api.key", STRING)
                .key("grpc_api.error_mode", STRING)
                .key("grpc_api.reflection", BOOL);
        for (String s : new String[] {"grpc_api", "uni_grpc"}) {
            b.key(s + ".enabled", BOOL)
                    .key(s + ".address", STRING)
                    .key(s + ".port", INT)
                    .key(s + ".max_receive_message_size", INT)
                    .key(s + ".tls.enabled", BOOL)
                    .key(s + ".tls.cert_pem", STRING)
                    .key(s + ".tls.key_pem", STRING)
                    .key(s + ".tls.client_ca_pem", STRING)
                    // Options of a TLS client: a server has no use for them.
                    .silent(s + ".tls.server_ca_pem", ANY)
                    .silent(s + ".tls.insecure_skip_verify", ANY)
                    .silent(s + ".tls.server_name", ANY);
        }
    }

    private static void websocket(Schema.Builder b) {
        b.key("websocket.disabled", BOOL)
                .key("websocket.handler_prefix", STRING)
                .key("websocket.compression", BOOL)
                .key("websocket.compression_level", INT)
                .key("websocket.compression_min_size", INT)
                .silent("websocket.read_buffer_size", ANY)
                .silent("websocket.write_buffer_size", ANY)
                .silent("websocket.use_write_buffer_pool", ANY)
                .silent("websocket.decompressed_message_size_limit", ANY)
                .key("websocket.write_timeout", DURATION)
                .key("websocket.message_size_limit", INT);
    }

    /** The emulation and unidirectional HTTP transports (uni_grpc has its own port: {@link #grpc}). */
    private static void transports(Schema.Builder b) {
        for (String t : new String[] {"sse", "http_stream", "uni_sse", "uni_http_stream"}) {
            b.key(t + ".enabled", BOOL).key(t + ".handler_prefix", STRING).key(t + ".max_request_body_size", INT);
        }
        b.unsupported("uni_sse.connect_code_to_http_response", ANY)
                .unsupported("uni_http_stream.connect_code_to_http_response", ANY)
                .key("emulation.handler_prefix", STRING)
                .key("emulation.max_request_body_size", INT)
                .key("uni_websocket.enabled", BOOL)
                .key("uni_websocket.handler_prefix", STRING)
                .key("uni_websocket.join_push_messages", BOOL)
                .key("uni_websocket.disable_disconnect_push", BOOL)
                .silent("uni_websocket.disable_closing_handshake", ANY)
                .silent("uni_websocket.compression", ANY)
                .silent("uni_websocket.compression_level", ANY)
                .silent("uni_websocket.compression_min_size", ANY)
                .silent("uni_websocket.read_buffer_size", ANY)
                .silent("uni_websocket.write_buffer_size", ANY)
                .silent("uni_websocket.use_write_buffer_pool", ANY)
                .silent("uni_websocket.write_timeout", ANY)
                .silent("uni_websocket.message_size_limit", ANY);
    }

    private static Schema channelOptions() {
        Schema.Builder b = Schema.builder()
                .key("presence", BOOL)
                .key("join_leave", BOOL)
                .key("force_push_join_leave", BOOL)
                .key("history_size", INT)
                .key("history_ttl", DURATION)
                .key("history_meta_ttl", DURATION)
                .key("force_positioning", BOOL)
                .key("allow_positioning", BOOL)
                .key("force_recovery", BOOL)
                .key("allow_recovery", BOOL)
                .key("force_recovery_mode", STRING)
                .unsupported("auto_cache_recover", BOOL)
                .key("allowed_delta_types", STRING_LIST)
                .key("delta_publish", BOOL)
                .key("allow_tags_filter", BOOL);
        for (String action : new String[] {"subscribe", "publish", "presence", "history"}) {
            for (String who : new String[] {"client", "subscriber", "anonymous"}) {
                if (!(action.equals("subscribe") && who.equals("subscriber"))) {
                    b.key("allow_" + action + "_for_" + who, BOOL);
                }
            }
        }
        for (String proxy : new String[] {"subscribe", "publish", "sub_refresh", "subscribe_stream"}) {
            b.key(proxy + "_proxy_enabled", BOOL).key(proxy + "_proxy_name", STRING);
        }
        return b.key("subscribe_stream_proxy_bidirectional", BOOL)
                .key("allow_user_limited_channels", BOOL)
                .key("channel_regex", STRING)
                .key("publication_data_format", STRING)
                .key("subscription_type", STRING)
                .key("map.mode", STRING)
                .key("map.key_ttl", DURATION)
                .key("map.stream_size", INT)
                .key("map.stream_ttl", DURATION)
                .key("map.meta_ttl", DURATION)
                .key("map.remove_client_on_unsubscribe", BOOL)
                .key("map.client_key", STRING)
                .key("map.allow_publish_for_client", BOOL)
                .key("map.allow_publish_for_subscriber", BOOL)
                .key("map.allow_publish_for_anonymous", BOOL)
                .key("map.allow_remove_for_client", BOOL)
                .key("map.allow_remove_for_subscriber", BOOL)
                .key("map.allow_remove_for_anonymous", BOOL)
                .key("map.publish_proxy_enabled", BOOL)
                .key("map.publish_proxy_name", STRING)
                .key("map.remove_proxy_enabled", BOOL)
                .key("map.remove_proxy_name", STRING)
                .key("map.default_page_size", INT)
                .key("map.min_page_size", INT)
                .key("map.max_page_size", INT)
                .key("map.live_transition_max_publication_limit", INT)
                .key("map.subscribe_catch_up_timeout", DURATION)
                .key("shared_poll.proxy_name", STRING)
                .key("shared_poll.mode", STRING)
                .key("shared_poll.refresh_interval", DURATION)
                .key("shared_poll.refresh_batch_size", INT)
                .key("shared_poll.max_keys_per_connection", INT)
                .key("shared_poll.channel_shutdown_delay", DURATION)
                .key("shared_poll.track_expired_extra_delay", DURATION)
                .key("shared_poll.publish_enabled", BOOL)
                .key("map_clients_presence_channel_prefix", STRING)
                .key("map_users_presence_channel_prefix", STRING)
                .build();
    }
}
