package io.xshathra.controlplane.security;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.engine.proxy.PublicAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Which hosts a project's backend endpoints may point at. A project's owner is not the operator:
 * an endpoint on a loopback, private, link-local (cloud metadata), shared-address or unique-local
 * network would let a tenant make the engine call the operator's internal services. Unless the
 * operator allows private networks ({@code xshathra.project_proxies.private_networks}), such
 * endpoints are refused when saved and again before every call, after the host name is resolved
 * (every address it resolves to must be public).
 */
public final class ProxyTargets {

    private static final ProxyTargets ANY = new ProxyTargets(true);
    private static final ProxyTargets PUBLIC = new ProxyTargets(false);

    private final boolean allowPrivate;

    private ProxyTargets(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Any host (a development machine or a private deployment). */
    public static ProxyTargets allowingPrivateNetworks() {
        return ANY;
    }

    /** Public hosts only. */
    public static ProxyTargets publicOnly() {
        return PUBLIC;
    }

    @Override
    public String toString() {
        return allowPrivate ? "ProxyTargets[any]" : "ProxyTargets[public only]";
    }

    public boolean allowsPrivateNetworks() {
        return allowPrivate;
    }

    /**
     * Refuses an endpoint whose host is or resolves to a non-public address, or does not resolve;
     * blocks for the name lookup, so call it off the event loops.
     *
     * @throws ControlPlaneException {@code INVALID_ARGUMENT} naming the reason
     */
    public void check(URI endpoint) {
        if (allowPrivate) {
            return;
        }
        String host = endpoint.getHost();
        InetAddress bad;
        try {
            bad = PublicAddresses.firstNonPublic(host);
        } catch (UnknownHostException e) {
            throw refused("url's host " + host + " does not resolve");
        }
        if (bad != null) {
            throw refused("url's host " + host + " is on a private network (" + bad.getHostAddress()
                    + "); the operator must allow private networks for project backends");
        }
    }

    private static ControlPlaneException refused(String message) {
        return new ControlPlaneException(ControlPlaneException.Reason.INVALID_ARGUMENT, message);
    }
}
