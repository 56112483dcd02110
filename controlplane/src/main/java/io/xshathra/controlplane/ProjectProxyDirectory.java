package io.xshathra.controlplane;

import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.ProxyDirectory;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The engine's {@link ProxyDirectory} with projects: connections outside any project get the
 * operator's proxies (the configuration file, through {@code operator}); a project's connections
 * get only the project's own backends ({@link ProjectBackendIndex}), each acting as if its kind
 * of proxy were enabled on every namespace. Every project endpoint is signed with the project's
 * secret and, unless the operator allows private networks, must resolve to public addresses
 * before each call. Lookups read memory only.
 */
public final class ProjectProxyDirectory implements ProxyDirectory {

    private final ProxyDirectory operator;
    private final ProjectBackendIndex index;
    private final boolean publicOnly;

    /**
     * @param operator   the configuration file's proxies, for connections outside any project
     * @param index      every project's backends
     * @param publicOnly whether project backends must be on public networks
     */
    public ProjectProxyDirectory(ProxyDirectory operator, ProjectBackendIndex index, boolean publicOnly) {
        this.operator = Objects.requireNonNull(operator, "operator");
        this.index = Objects.requireNonNull(index, "index");
        this.publicOnly = publicOnly;
    }

    /** The project's endpoint of this kind as the engine calls it (built per call: a proxy call costs far more). */
    private ProxyEndpoint project(String projectId, ProxyKind kind) {
        ProjectProxies p = index.of(projectId).orElse(null);
        ProjectProxy e = p == null ? null : p.endpoints().get(kind);
        if (e == null) {
            return null;
        }
        return new ProxyEndpoint("project-" + kind.id(), e.endpoint().toString(), e.timeout(), List.of(), List.of(),
                List.of(), Map.of(), false, false, List.of(), new ProxyEndpoint.Guard(p.signingSecret(), publicOnly));
    }

    @Override
    public ProxyEndpoint connect(String projectId) {
        return projectId.isEmpty() ? operator.connect(projectId) : project(projectId, ProxyKind.CONNECT);
    }

    @Override
    public ProxyEndpoint refresh(String projectId) {
        return projectId.isEmpty() ? operator.refresh(projectId) : project(projectId, ProxyKind.REFRESH);
    }

    @Override
    public ProxyEndpoint subscribe(String projectId, ChannelOptions options) {
        return projectId.isEmpty() ? operator.subscribe(projectId, options) : project(projectId, ProxyKind.SUBSCRIBE);
    }

    @Override
    public ProxyEndpoint publish(String projectId, ChannelOptions options) {
        return projectId.isEmpty() ? operator.publish(projectId, options) : project(projectId, ProxyKind.PUBLISH);
    }

    @Override
    public ProxyEndpoint subRefresh(String projectId, ChannelOptions options) {
        return projectId.isEmpty() ? operator.subRefresh(projectId, options) : project(projectId, ProxyKind.SUB_REFRESH);
    }

    /** Map proxies are the operator's only: a project's map writes use the namespace's permissions. */
    @Override
    public ProxyEndpoint mapPublish(String projectId, ChannelOptions options) {
        return projectId.isEmpty() ? operator.mapPublish(projectId, options) : null;
    }

    @Override
    public ProxyEndpoint mapRemove(String projectId, ChannelOptions options) {
        return projectId.isEmpty() ? operator.mapRemove(projectId, options) : null;
    }

    /** The operator's poll backend for the default space; projects have no shared-poll backends of their own. */
    @Override
    public ProxyEndpoint sharedPollRefresh(String projectId, io.xshathra.engine.config.SharedPollOptions options) {
        return projectId.isEmpty() ? operator.sharedPollRefresh(projectId, options) : null;
    }

    @Override
    public RpcTarget rpc(String projectId, String method) {
        if (projectId.isEmpty()) {
            return operator.rpc(projectId, method);
        }
        ProxyEndpoint ep = project(projectId, ProxyKind.RPC);
        return ep == null ? RpcTarget.NOT_PROXIED : new RpcTarget(ep, false);
    }

    @Override
    public boolean rpcProxied(String projectId) {
        return projectId.isEmpty() ? operator.rpcProxied(projectId) : project(projectId, ProxyKind.RPC) != null;
    }
}
