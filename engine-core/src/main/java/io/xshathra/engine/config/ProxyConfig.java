package io.xshathra.engine.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The proxies of the engine, as Centrifugo v6 configures them: the client connect and refresh
 * proxies, the named {@code proxies}, the per-kind default proxies that namespaces reach by the
 * name {@code default} ({@code channel.proxy.subscribe|publish|sub_refresh|shared_poll_refresh|subscribe_stream},
 * {@code rpc.proxy}),
 * and the RPC routing ({@code rpc.without_namespace}, {@code rpc.namespaces},
 * {@code rpc.namespace_boundary}). Nothing is configured in {@link #NONE}. Every name a namespace
 * refers to was checked when the configuration was read.
 *
 * @param connect           the connect proxy, or null when {@code client.proxy.connect.enabled} is off
 * @param refresh           the refresh proxy, or null when {@code client.proxy.refresh.enabled} is off
 * @param named             the {@code proxies} array by name
 * @param defaults          the per-kind default proxies (only kinds that are configured)
 * @param rpcWithoutNamespace RPC routing of methods without a namespace
 * @param rpcNamespaces     RPC routing by namespace name
 * @param rpcNamespaceBoundary separator between an RPC namespace and the method ({@code ""} = no namespaces)
 */
public record ProxyConfig(ProxyEndpoint connect, ProxyEndpoint refresh, Map<String, ProxyEndpoint> named,
                          Map<Kind, ProxyEndpoint> defaults, RpcRoute rpcWithoutNamespace,
                          Map<String, RpcRoute> rpcNamespaces, String rpcNamespaceBoundary) {

    public static final ProxyConfig NONE = new ProxyConfig(null, null, Map.of(), Map.of(), RpcRoute.OFF, Map.of(), ":");

    public ProxyConfig {
        named = Map.copyOf(named);
        defaults = Map.copyOf(defaults);
        rpcNamespaces = Map.copyOf(rpcNamespaces);
    }

    /** The channel- and RPC-level kinds whose default proxy a namespace may name {@code default}. */
    public enum Kind { SUBSCRIBE, PUBLISH, SUB_REFRESH, RPC, SHARED_POLL_REFRESH, SUBSCRIBE_STREAM, MAP_PUBLISH, MAP_REMOVE }

    /**
     * Whether and through which proxy RPC calls of one namespace go.
     *
     * @param proxyEnabled {@code proxy_enabled}
     * @param proxyName    {@code proxy_name} ({@code default} = {@code rpc.proxy})
     */
    public record RpcRoute(boolean proxyEnabled, String proxyName) {
        public static final RpcRoute OFF = new RpcRoute(false, ProxyEndpoint.DEFAULT_NAME);
    }

    /** The proxy a namespace names for a kind, or null when there is none of that name. */
    public ProxyEndpoint endpoint(Kind kind, String name) {
        return ProxyEndpoint.DEFAULT_NAME.equals(name) ? defaults.get(kind) : named.get(name);
    }

    /** Whether any RPC namespace (or methods without one) is proxied. */
    public boolean rpcProxied() {
        return rpcWithoutNamespace.proxyEnabled() || rpcNamespaces.values().stream().anyMatch(RpcRoute::proxyEnabled);
    }

    /**
     * The lower-case HTTP header names any proxy forwards ({@code http_headers}): the only headers a
     * transport keeps from a connection's request (none when no proxy forwards any).
     */
    public Set<String> forwardedHeaderNames() {
        Set<String> out = new LinkedHashSet<>();
        for (ProxyEndpoint e : endpoints()) {
            out.addAll(e.httpHeaders());
        }
        return Set.copyOf(out);
    }

    /** The lower-case gRPC metadata keys any proxy forwards ({@code grpc_metadata}). */
    public Set<String> forwardedMetadataNames() {
        Set<String> out = new LinkedHashSet<>();
        for (ProxyEndpoint e : endpoints()) {
            out.addAll(e.grpcMetadata());
        }
        return Set.copyOf(out);
    }

    /** The lower-case names of client-supplied emulated headers any proxy forwards. */
    public Set<String> emulatedHeaderNames() {
        Set<String> out = new LinkedHashSet<>();
        for (ProxyEndpoint e : endpoints()) {
            out.addAll(e.emulatedHeaders());
        }
        return Set.copyOf(out);
    }

    /** Every configured endpoint: named, per-kind defaults, connect and refresh. */
    public List<ProxyEndpoint> endpoints() {
        List<ProxyEndpoint> out = new java.util.ArrayList<>(named.values());
        out.addAll(defaults.values());
        if (connect != null) {
            out.add(connect);
        }
        if (refresh != null) {
            out.add(refresh);
        }
        return out;
    }
}
