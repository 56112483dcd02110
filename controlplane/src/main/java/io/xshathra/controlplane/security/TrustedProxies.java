package io.xshathra.controlplane.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose forwarding headers are believed, as a list of addresses and CIDR
 * ranges ({@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}). Empty (the default) means that
 * {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are ignored and the socket's peer is the
 * client: anyone can send those headers, so only a proxy we know may speak for the browser.
 * Immutable and thread-safe.
 */
public final class TrustedProxies {

    /** No proxy is trusted. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

    /** Only IP literals: a host name here would mean a DNS lookup on every request. */
    private static final Pattern LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private static final Pattern V4_WITH_PORT = Pattern.compile("([0-9.]+):[0-9]{1,5}");
    private static final Pattern BRACKETED_WITH_PORT = Pattern.compile("\\[([0-9A-Fa-f:.]+)\\]:[0-9]{1,5}");

    private final List<byte[]> networks;
    private final List<Integer> prefixes;
    private final List<String> described;

    private TrustedProxies(List<byte[]> networks, List<Integer> prefixes) {
        this.networks = networks;
        this.prefixes = prefixes;
        List<String> d = new ArrayList<>();
        for (int i = 0; i < networks.size(); i++) {
            d.add(literal(networks.get(i)) + "/" + prefixes.get(i));
        }
        this.described = List.copyOf(d);
    }

    /**
     * Parses addresses and CIDR ranges.
     *
     * @throws IllegalArgumentException naming the first entry that is not an IP address or range
     */
    public static TrustedProxies parse(List<String> entries) {
        List<byte[]> nets = new ArrayList<>();
        List<Integer> bits = new ArrayList<>();
        for (String raw : entries) {
            String e = raw == null ? "" : raw.strip();
            int slash = e.indexOf('/');
            String addr = slash < 0 ? e : e.substring(0, slash);
            byte[] bytes = literalBytes(addr);
            if (bytes == null) {
                throw new IllegalArgumentException("\"" + raw + "\" is not an IP address or CIDR range");
            }
            int max = bytes.length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? max : Integer.parseInt(e.substring(slash + 1));
            } catch (NumberFormatException ex) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("\"" + raw + "\" has a prefix length outside 0-" + max);
            }
            nets.add(bytes);
            bits.add(prefix);
        }
        return nets.isEmpty() ? NONE : new TrustedProxies(List.copyOf(nets), List.copyOf(bits));
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    /** Whether the address is one of the trusted proxies. */
    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] a = normalise(address).getAddress();
        for (int i = 0; i < networks.size(); i++) {
            if (inRange(a, networks.get(i), prefixes.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the connection's peer is a trusted proxy (false when the peer is unknown). */
    public boolean trusts(InetSocketAddress peer) {
        return peer != null && contains(peer.getAddress());
    }

    /**
     * The browser's address: the socket peer, unless the peer is a trusted proxy; then the
     * right-most {@code X-Forwarded-For} entry that is not itself a trusted proxy (entries to the
     * left of it were written by whoever sent the request and prove nothing). Null when the peer
     * is unknown.
     *
     * @param forwardedFor every {@code X-Forwarded-For} header of the request, in order
     */
    public InetAddress client(InetSocketAddress peer, List<String> forwardedFor) {
        if (peer == null || peer.getAddress() == null) {
            return null;
        }
        InetAddress hop = normalise(peer.getAddress());
        if (!contains(hop) || forwardedFor.isEmpty()) {
            return hop;
        }
        List<String> entries = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String part : header.split(",")) {
                entries.add(part.strip());
            }
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            byte[] b = literalBytes(withoutPort(entries.get(i)));
            if (b == null) {
                return hop; // garbage from the far side: the last proxy we trust is all we know
            }
            hop = normalise(address(b));
            if (!contains(hop)) {
                return hop;
            }
        }
        return hop;
    }

    /**
     * The key that rate limits count a client under: the IPv4 address, or the /64 network of an
     * IPv6 address (one subscriber usually holds a whole /64, so counting single IPv6 addresses
     * would give an attacker 2^64 fresh keys).
     */
    public static String throttleKey(InetAddress address) {
        if (address == null) {
            return "unknown";
        }
        InetAddress a = normalise(address);
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            byte[] net = new byte[16];
            System.arraycopy(b, 0, net, 0, 8);
            return literal(net) + "/64";
        }
        return a.getHostAddress();
    }

    @Override
    public String toString() {
        return described.toString();
    }

    /** Some proxies append the client's port: {@code 192.0.2.1:5123}, {@code [2001:db8::1]:5123}. */
    private static String withoutPort(String entry) {
        Matcher v6 = BRACKETED_WITH_PORT.matcher(entry);
        if (v6.matches()) {
            return v6.group(1);
        }
        Matcher v4 = V4_WITH_PORT.matcher(entry);
        return v4.matches() ? v4.group(1) : entry;
    }

    private static boolean inRange(byte[] a, byte[] net, int prefix) {
        if (a.length != net.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != net[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & mask) == (net[full] & mask);
    }

    /** IPv4-mapped IPv6 addresses ({@code ::ffff:1.2.3.4}) count as the IPv4 address. */
    private static InetAddress normalise(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && b[10] == (byte) 0xFF && b[11] == (byte) 0xFF) {
                return address(new byte[] {b[12], b[13], b[14], b[15]});
            }
        }
        return a;
    }

    private static byte[] literalBytes(String s) {
        String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (t.isEmpty() || t.length() > 45 || !LITERAL.matcher(t).matches()) {
            return null;
        }
        try {
            byte[] b = InetAddress.getByName(t).getAddress();
            return normalise(address(b)).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String literal(byte[] b) {
        InetAddress a = address(b);
        return a instanceof Inet4Address ? a.getHostAddress() : a.getHostAddress().replaceFirst("(^|:)0(:0)+(:|$)", "::");
    }
}
