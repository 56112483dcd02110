package io.xshathra.engine.proxy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which addresses are on the public internet, for backends a tenant chose: calls to them must
 * not reach the operator's own networks (loopback, private and shared address ranges, link-local
 * addresses such as cloud metadata services, unique-local IPv6, reserved and multicast ranges).
 */
public final class PublicAddresses {

    private PublicAddresses() {
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
            if (isMappedV4(b)) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            boolean uniqueLocal = ((b[0] & 0xff) & 0xfe) == 0xfc;
            return !uniqueLocal;
        }
        return false;
    }

    /**
     * The first non-public address the host resolves to, or null when all are public.
     *
     * @throws UnknownHostException when the host does not resolve
     */
    public static InetAddress firstNonPublic(String host) throws UnknownHostException {
        for (InetAddress a : InetAddress.getAllByName(host)) {
            if (!isPublic(a)) {
                return a;
            }
        }
        return null;
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
