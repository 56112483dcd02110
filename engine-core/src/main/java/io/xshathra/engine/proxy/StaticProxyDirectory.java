package io.xshathra.engine.proxy;

import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ProxyConfig;
import io.xshathra.engine.config.ProxyEndpoint;

/** Proxies from the configuration file, the same for every project. */
public final class StaticProxyDirectory implements ProxyDirectory {
    private final ProxyConfig config;

    public StaticProxyDirectory(ProxyConfig config) {
        this.config = config;
    }

    @Override
    public ProxyEndpoint connect(String projectId) {
        return config.connect();
    }

    @Override
    public ProxyEndpoint refresh(String projectId) {
        return config.refresh();
    }

    @Override
    public ProxyEndpoint subscribe(String projectId, ChannelOptions o) {
        return named(ProxyConfig.Kind.SUBSCRIBE, o.proxies().subscribe());
    }

    @Override
    public ProxyEndpoint publish(String projectId, ChannelOptions o) {
        return named(ProxyConfig.Kind.PUBLISH, o.proxies().publish());
    }

    @Override
    public ProxyEndpoint subRefresh(String projectId, ChannelOptions o) {
        return named(ProxyConfig.Kind.SUB_REFRESH, o.proxies().subRefresh());
    }

    private ProxyEndpoint named(ProxyConfig.Kind kind, String name) {
        return name == null ? null : config.endpoint(kind, name);
    }

    @Override
    public RpcTarget rpc(String projectId, String method) {
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
        return config.rpcProxied();
    }
}
