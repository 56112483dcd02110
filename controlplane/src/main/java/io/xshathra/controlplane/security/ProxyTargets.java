package io.xshathra.controlplane.security;

import io.xshathra.controlplane.ControlPlaneException;
import java.net.Inet4Address;
import java.net.Inet6Address;
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
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw refused("url's host " + host + " does not resolve");
        }
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                throw refused("url's host " + host + " is on a private network (" + a.getHostAddress()
                        + "); the operator must allow private networks for project backends");
            }
        }
    }

    /** Whether an address is routable on the public internet. */
    public static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            boolean sharedAddressSpace = first == 100 && second >= 64 && second <= 127;
            boolean reserved = first == 0 || first >= 240 || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    || (first == 198 && (second == 18 || second == 19));
            return !sharedAddressSpace && !reserved;
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            boolean uniqueLocal = (first & 0xfe) == 0xfc;
            boolean mappedV4 = isMappedV4(b);
            if (mappedV4) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return !uniqueLocal;
        }
        return false;
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static ControlPlaneException refused(String message) {
        return new ControlPlaneException(ControlPlaneException.Reason.INVALID_ARGUMENT, message);
    }
}
