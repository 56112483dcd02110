package io.xshathra.engine.proxy;

import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ProxyEndpoint;

/**
 * Which backend answers for a connection or a channel: the one place proxy lookups go through,
 * so a project (tenant) can have its own endpoints. {@link StaticProxyDirectory} answers from the
 * configuration file for every project; the control plane can supply per-project endpoints by
 * implementing this interface. Answers are fast (no I/O) and thread-safe.
 */
public interface ProxyDirectory {

    /** The connect proxy for a connection without a token in a project ("" = the default space), or null. */
    ProxyEndpoint connect(String projectId);

    /** The refresh proxy for a project's connections, or null. */
    ProxyEndpoint refresh(String projectId);

    /** The subscribe proxy of a channel's namespace in a project, or null when not proxied. */
    ProxyEndpoint subscribe(String projectId, ChannelOptions options);

    /** The publish proxy of a channel's namespace in a project, or null when not proxied. */
    ProxyEndpoint publish(String projectId, ChannelOptions options);

    /** The sub_refresh proxy of a channel's namespace in a project, or null when not proxied. */
    ProxyEndpoint subRefresh(String projectId, ChannelOptions options);

    /**
     * The map publish proxy of a channel's namespace in a project, or null when there is none
     * (a directory without map proxies answers null for every project).
     */
    default ProxyEndpoint mapPublish(String projectId, ChannelOptions options) {
        return null;
    }

    /** The map remove proxy of a channel's namespace in a project, or null when there is none. */
    default ProxyEndpoint mapRemove(String projectId, ChannelOptions options) {
        return null;
    }

    /**
     * The shared-poll refresh proxy a shared-poll namespace polls in a project, or null when there
     * is none (its polls then fail). Directories that know no such proxies answer null.
     */
    default ProxyEndpoint sharedPollRefresh(String projectId, io.xshathra.engine.config.SharedPollOptions options) {
        return null;
    }

    /** Where a client's RPC call goes. */
    RpcTarget rpc(String projectId, String method);

    /** Whether any RPC call may be proxied in a project (else the built-in RPC rules apply). */
    boolean rpcProxied(String projectId);

    /**
     * The route of one RPC method: {@code endpoint} when proxied; else {@code unknownNamespace}
     * (the method names an RPC namespace that does not exist) or not proxied.
     */
    record RpcTarget(ProxyEndpoint endpoint, boolean unknownNamespace) {
        public static final RpcTarget UNKNOWN = new RpcTarget(null, true);
        public static final RpcTarget NOT_PROXIED = new RpcTarget(null, false);
    }
}
