package io.xshathra.engine.proxy;

import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ProxyConfig;
import io.xshathra.engine.config.ProxyEndpoint;

/**
 * Proxies from the configuration file, for the default channel space (connections without a
 * project) only: a project's connections and channels get none, so one tenant's requests never
 * reach the operator's backend under plain channel names it cannot tell apart. Without a proxy,
 * a proxied namespace falls back to its own permission options, which refuse by default.
 */
public final class StaticProxyDirectory implements ProxyDirectory {
    private final ProxyConfig config;

    public StaticProxyDirectory(ProxyConfig config) {
        this.config = config;
    }

    @Override
    public ProxyEndpoint connect(String projectId) {
        return projectId.isEmpty() ? config.connect() : null;
    }

    @Override
    public ProxyEndpoint refresh(String projectId) {
        return projectId.isEmpty() ? config.refresh() : null;
    }

    @Override
    public ProxyEndpoint subscribe(String projectId, ChannelOptions o) {
        return named(projectId, ProxyConfig.Kind.SUBSCRIBE, o.proxies().subscribe());
    }

    @Override
    public ProxyEndpoint publish(String projectId, ChannelOptions o) {
        return named(projectId, ProxyConfig.Kind.PUBLISH, o.proxies().publish());
    }

    @Override
    public ProxyEndpoint subRefresh(String projectId, ChannelOptions o) {
        return named(projectId, ProxyConfig.Kind.SUB_REFRESH, o.proxies().subRefresh());
    }

    @Override
    public ProxyEndpoint mapPublish(String projectId, ChannelOptions o) {
        return named(projectId, ProxyConfig.Kind.MAP_PUBLISH, o.proxies().mapPublish());
    }

    @Override
    public ProxyEndpoint mapRemove(String projectId, ChannelOptions o) {
        return named(projectId, ProxyConfig.Kind.MAP_REMOVE, o.proxies().mapRemove());
    }

    @Override
    public ProxyEndpoint sharedPollRefresh(String projectId, io.xshathra.engine.config.SharedPollOptions o) {
        return o.configured() ? named(projectId, ProxyConfig.Kind.SHARED_POLL_REFRESH, o.proxyName()) : null;
    }

    private ProxyEndpoint named(String projectId, ProxyConfig.Kind kind, String name) {
        return name == null || !projectId.isEmpty() ? null : config.endpoint(kind, name);
    }

    @Override
    public RpcTarget rpc(String projectId, String method) {
        if (!projectId.isEmpty()) {
            return RpcTarget.NOT_PROXIED;
        }
        String boundary = config.rpcNamespaceBoundary();
        ProxyConfig.RpcRoute route = config.rpcWithoutNamespace();
        if (!boundary.isEmpty()) {
            int at = method.indexOf(boundary);
            if (at >= 0) {
                route = config.rpcNamespaces().get(method.substring(0, at));
                if (route == null) {
                    return RpcTarget.UNKNOWN;
                }
            }
        }
        if (!route.proxyEnabled()) {
            return RpcTarget.NOT_PROXIED;
        }
        ProxyEndpoint ep = config.endpoint(ProxyConfig.Kind.RPC, route.proxyName());
        return ep == null ? RpcTarget.NOT_PROXIED : new RpcTarget(ep, false);
    }

    @Override
    public boolean rpcProxied(String projectId) {
        return projectId.isEmpty() && config.rpcProxied();
    }
}
