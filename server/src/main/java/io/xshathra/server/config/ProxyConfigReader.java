package io.xshathra.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.xshathra.engine.config.GrpcProxyOptions;
import io.xshathra.engine.config.ProxyConfig;
import io.xshathra.engine.config.ProxyEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the proxies as Centrifugo v6 configures them: {@code proxies} (named), {@code client.proxy.connect}
 * and {@code client.proxy.refresh}, the per-kind defaults {@code channel.proxy.subscribe|publish|sub_refresh|subscribe_stream}
 * and {@code rpc.proxy}, and the RPC routing {@code rpc.without_namespace}, {@code rpc.namespaces},
 * {@code rpc.namespace_boundary}. An enabled or named proxy needs an endpoint and a timeout; names
 * match {@code ^[-a-zA-Z0-9_.]{2,}$}, are unique and never {@code default}.
 */
final class ProxyConfigReader {
    static final List<String> STRING_KEYS = List.of("endpoint");
    static final List<String> LIST_KEYS = List.of("http_headers", "grpc_metadata", "emulated_headers");
    static final List<String> BOOL_KEYS = List.of("binary_encoding", "include_connection_meta");
    private static final Pattern NAME = Pattern.compile("^[-a-zA-Z0-9_.]{2,}$");
    /** The longest error message or disconnect reason a WebSocket close frame can carry. */
    private static final int MAX_REASON = 123;

    private ProxyConfigReader() {
    }

    static ProxyConfig read(ConfigNode root, List<String> warnings) {
        return readAll(root);
    }

    private static ProxyConfig readAll(ConfigNode root) {
        Map<String, ProxyEndpoint> named = named(root.child("proxies"));
        ConfigNode cp = root.child("client").child("proxy");
        ProxyEndpoint connect = enabled(cp.child("connect"));
        ProxyEndpoint refresh = enabled(cp.child("refresh"));
        Map<ProxyConfig.Kind, ProxyEndpoint> defaults = new EnumMap<>(ProxyConfig.Kind.class);
        ConfigNode chp = root.child("channel").child("proxy");
        putDefault(defaults, ProxyConfig.Kind.SUBSCRIBE, chp.child("subscribe"));
        putDefault(defaults, ProxyConfig.Kind.PUBLISH, chp.child("publish"));
        putDefault(defaults, ProxyConfig.Kind.SUB_REFRESH, chp.child("sub_refresh"));
        putDefault(defaults, ProxyConfig.Kind.SHARED_POLL_REFRESH, chp.child("shared_poll_refresh"));
        putDefault(defaults, ProxyConfig.Kind.SUBSCRIBE_STREAM, chp.child("subscribe_stream"));
        putDefault(defaults, ProxyConfig.Kind.MAP_PUBLISH, chp.child("map_publish"));
        putDefault(defaults, ProxyConfig.Kind.MAP_REMOVE, chp.child("map_remove"));
        ConfigNode rpc = root.child("rpc");
        putDefault(defaults, ProxyConfig.Kind.RPC, rpc.child("proxy"));
        ProxyConfig partial = new ProxyConfig(connect, refresh, named, defaults, ProxyConfig.RpcRoute.OFF, Map.of(),
                rpc.string("namespace_boundary", ":"));
        ProxyConfig.RpcRoute without = route(partial, rpc.child("without_namespace"));
        Map<String, ProxyConfig.RpcRoute> namespaces = new LinkedHashMap<>();
        ConfigNode list = rpc.child("namespaces");
        for (int i = 0; i < list.size(); i++) {
            ConfigNode ns = list.element(i);
            String name = ns.raw("name").asText("");
            if (!NAME.matcher(name).matches()) {
                throw ns.error("name", "\"" + name + "\" must match " + NAME.pattern());
            }
            if (namespaces.put(name, route(partial, ns)) != null) {
                throw ns.error("name", "duplicate rpc namespace \"" + name + "\"");
            }
        }
        return new ProxyConfig(connect, refresh, named, defaults, without, namespaces, partial.rpcNamespaceBoundary());
    }

    /**
     * Checks the proxy names of one namespace's options and returns its {@code ChannelProxies}
     * settings (called by {@link ChannelConfigReader} for every namespace).
     */
    static io.xshathra.engine.config.ChannelProxies channelProxies(ConfigNode n, ConfigNode root) {
        String subscribe = channelProxy(n, root, "subscribe", ProxyConfig.Kind.SUBSCRIBE);
        String publish = channelProxy(n, root, "publish", ProxyConfig.Kind.PUBLISH);
        String subRefresh = channelProxy(n, root, "sub_refresh", ProxyConfig.Kind.SUB_REFRESH);
        String stream = channelProxy(n, root, "subscribe_stream", ProxyConfig.Kind.SUBSCRIBE_STREAM);
        boolean bidirectional = n.bool("subscribe_stream_proxy_bidirectional", false);
        if (stream != null) {
            grpcOnly(n, root, stream);
        }
        ConfigNode map = n.child("map");
        String mapPublish = channelProxy(map, root, "publish", "map_publish", "map publish");
        String mapRemove = channelProxy(map, root, "remove", "map_remove", "map remove");
        // The proxy decides a write's key; map.client_key would silently lose to it.
        if (!map.string("client_key", "").isEmpty() && (mapPublish != null || mapRemove != null)) {
            String key = mapPublish != null ? "publish_proxy_enabled" : "remove_proxy_enabled";
            throw map.error(key, "map.client_key is not compatible with map." + key
                    + ": the proxy is responsible for keying when enabled");
        }
        if (subscribe == null && publish == null && subRefresh == null && stream == null && mapPublish == null
                && mapRemove == null) {
            return io.xshathra.engine.config.ChannelProxies.NONE;
        }
        return new io.xshathra.engine.config.ChannelProxies(subscribe, publish, subRefresh, stream,
                stream != null && bidirectional, mapPublish, mapRemove);
    }

    /** A subscribe stream proxy must be a gRPC one, as in Centrifugo (HTTP cannot stream it). */
    private static void grpcOnly(ConfigNode n, ConfigNode root, String name) {
        String url = "";
        if (ProxyEndpoint.DEFAULT_NAME.equals(name)) {
            url = root.child("channel").child("proxy").child("subscribe_stream").string("endpoint", "");
        } else {
            ConfigNode proxies = root.child("proxies");
            for (int i = 0; i < proxies.size(); i++) {
                if (name.equals(proxies.element(i).raw("name").asText(""))) {
                    url = proxies.element(i).string("endpoint", "");
                }
            }
        }
        if (url.startsWith("http://") || url.startsWith("https://")) {
            throw n.error("subscribe_stream_proxy_enabled", "subscribe stream proxy \"" + name
                    + "\" must have a gRPC endpoint (only gRPC endpoints can stream), got \"" + url + "\"");
        }
    }

    private static String channelProxy(ConfigNode n, ConfigNode root, String kind, ProxyConfig.Kind k) {
        return channelProxy(n, root, kind, kind, kind);
    }

    /**
     * The proxy name of one kind in a namespace ({@code <prefix>_proxy_enabled} and
     * {@code <prefix>_proxy_name}), or null when not enabled; {@code default} needs
     * {@code channel.proxy.<section>.endpoint}.
     */
    private static String channelProxy(ConfigNode n, ConfigNode root, String prefix, String section, String what) {
        String key = prefix + "_proxy_name";
        String name = n.string(key, ProxyEndpoint.DEFAULT_NAME);
        boolean exists = ProxyEndpoint.DEFAULT_NAME.equals(name)
                ? true : hasNamed(root.child("proxies"), name);
        if (!exists) {
            throw n.error(key, what + " proxy with name \"" + name + "\" not found in proxies");
        }
        if (!n.bool(prefix + "_proxy_enabled", false)) {
            return null;
        }
        if (ProxyEndpoint.DEFAULT_NAME.equals(name)) {
            ConfigNode def = root.child("channel").child("proxy").child(section);
            check(def, "endpoint");
        }
        return name;
    }

    private static boolean hasNamed(ConfigNode proxies, String name) {
        for (int i = 0; i < proxies.size(); i++) {
            if (name.equals(proxies.element(i).raw("name").asText(""))) {
                return true;
            }
        }
        return false;
    }

    private static ProxyConfig.RpcRoute route(ProxyConfig partial, ConfigNode n) {
        String name = n.string("proxy_name", ProxyEndpoint.DEFAULT_NAME);
        boolean enabled = n.bool("proxy_enabled", false);
        if (!ProxyEndpoint.DEFAULT_NAME.equals(name) && !partial.named().containsKey(name)) {
            throw n.error("proxy_name", "proxy \"" + name + "\" not found in proxies");
        }
        if (enabled && partial.endpoint(ProxyConfig.Kind.RPC, name) == null) {
            throw n.error("proxy_enabled", "needs rpc.proxy.endpoint (or a named proxy in proxy_name)");
        }
        return new ProxyConfig.RpcRoute(enabled, name);
    }

    private static Map<String, ProxyEndpoint> named(ConfigNode list) {
        Map<String, ProxyEndpoint> out = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            ConfigNode p = list.element(i);
            String name = p.raw("name").asText("");
            if (!NAME.matcher(name).matches()) {
                throw p.error("name", "\"" + name + "\" must match " + NAME.pattern());
            }
            if (ProxyEndpoint.DEFAULT_NAME.equals(name)) {
                throw p.error("name", "\"default\" is reserved for the per-kind default proxies");
            }
            if (out.put(name, endpoint(p, name)) != null) {
                throw p.error("name", "duplicate proxy name \"" + name + "\"");
            }
        }
        return out;
    }

    private static ProxyEndpoint enabled(ConfigNode n) {
        return n.bool("enabled", false) ? endpoint(n, ProxyEndpoint.DEFAULT_NAME) : null;
    }

    private static void putDefault(Map<ProxyConfig.Kind, ProxyEndpoint> out, ProxyConfig.Kind kind, ConfigNode n) {
        if (n.isSet("endpoint")) {
            out.put(kind, endpoint(n, ProxyEndpoint.DEFAULT_NAME));
        }
    }

    private static void check(ConfigNode n, String key) {
        if (n.string(key, "").isEmpty()) {
            throw n.error(key, "must be set for an enabled proxy");
        }
    }

    private static ProxyEndpoint endpoint(ConfigNode n, String name) {
        check(n, "endpoint");
        String url = n.string("endpoint", "");
        boolean http = url.startsWith("http://") || url.startsWith("https://");
        if (http) {
            try {
                java.net.URI u = java.net.URI.create(url);
                if (u.getHost() == null) {
                    throw n.error("endpoint", "\"" + url + "\" has no host");
                }
            } catch (IllegalArgumentException e) {
                throw n.error("endpoint", "\"" + url + "\" is not a valid URL");
            }
        }
        GrpcProxyOptions grpc = http ? GrpcProxyOptions.NONE : GrpcProxyOptionsReader.read(n, url);
        Duration timeout = n.duration("timeout", ProxyEndpoint.DEFAULT_TIMEOUT);
        ConfigNode h = n.child("http");
        return new ProxyEndpoint(name, url, timeout, lower(n.strings("http_headers")),
                lower(n.strings("grpc_metadata")), lower(n.strings("emulated_headers")), staticHeaders(h),
                n.bool("binary_encoding", false), n.bool("include_connection_meta", false), transforms(h),
                ProxyEndpoint.Guard.NONE, grpc, http ? GrpcProxyOptionsReader.tls(h.child("tls")) : GrpcProxyOptions.Tls.OFF);
    }

    private static List<String> lower(List<String> names) {
        List<String> out = new ArrayList<>();
        names.forEach(s -> out.add(s.toLowerCase(Locale.ROOT)));
        return out;
    }

    private static Map<String, String> staticHeaders(ConfigNode h) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode sh = h.raw("static_headers");
        if (sh.isMissingNode() || sh.isNull()) {
            return out;
        }
        if (!sh.isObject()) {
            throw h.error("static_headers", "must be an object of header names to values");
        }
        sh.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static List<ProxyEndpoint.StatusTransform> transforms(ConfigNode h) {
        List<ProxyEndpoint.StatusTransform> out = new ArrayList<>();
        ConfigNode list = h.child("status_to_code_transforms");
        for (int i = 0; i < list.size(); i++) {
            ConfigNode t = list.element(i);
            int status = t.nonNegativeInt("status_code", 0);
            ConfigNode err = t.child("to_error");
            ConfigNode dis = t.child("to_disconnect");
            int errCode = err.nonNegativeInt("code", 0);
            int disCode = dis.nonNegativeInt("code", 0);
            if (status == 0) {
                throw t.error("status_code", "must be set");
            }
            if ((errCode == 0) == (disCode == 0)) {
                throw t.error("to_error", "set exactly one of to_error.code and to_disconnect.code");
            }
            if (disCode != 0 && (disCode < 3000 || disCode > 4999)) {
                throw dis.error("code", "must be between 3000 and 4999, got " + disCode);
            }
            String message = err.string("message", "");
            String reason = dis.string("reason", "");
            if (message.length() > MAX_REASON || !ascii(message)) {
                throw err.error("message", "must be ASCII and at most " + MAX_REASON + " characters");
            }
            if (reason.length() > MAX_REASON || !ascii(reason)) {
                throw dis.error("reason", "must be ASCII and at most " + MAX_REASON + " characters");
            }
            out.add(new ProxyEndpoint.StatusTransform(status, errCode, message, err.bool("temporary", false),
                    disCode, reason));
        }
        return out;
    }

    private static boolean ascii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }
}
