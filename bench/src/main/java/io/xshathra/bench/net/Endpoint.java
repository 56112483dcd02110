package io.xshathra.bench.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * A parsed {@code ws://} or {@code http://} URL. TLS is refused on purpose: the bench measures
 * servers, not TLS stacks, and runs on loopback.
 *
 * @param uri        the URL as given
 * @param address    the resolved server address
 * @param hostHeader the {@code Host} header value
 * @param path       path and query, at least {@code /}
 */
public record Endpoint(URI uri, InetSocketAddress address, String hostHeader, String path) {

    /** Parses a WebSocket URL ({@code ws://host:port/path}). */
    public static Endpoint webSocket(String url) {
        return parse(url, "ws", 80);
    }

    /** Parses an HTTP base URL ({@code http://host:port/prefix}). */
    public static Endpoint http(String url) {
        return parse(url, "http", 80);
    }

    private static Endpoint parse(String url, String scheme, int defaultPort) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url);
        }
        String s = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!s.equals(scheme)) {
            throw new IllegalArgumentException("expected a " + scheme + ":// URL (TLS is not supported"
                    + " by the bench; measure on loopback or a private network): " + url);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in " + url);
        }
        int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        InetAddress host;
        try {
            host = InetAddress.getByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in " + url);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path = path + "?" + uri.getRawQuery();
        }
        String hostHeader = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + port;
        return new Endpoint(uri, new InetSocketAddress(host, port), hostHeader, path);
    }

    /** Whether the server is on this machine's loopback interface. */
    public boolean loopback() {
        return address.getAddress().isLoopbackAddress();
    }

    /** This endpoint's path with {@code /suffix} appended (for API methods). */
    public String pathWith(String suffix) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p + "/" + suffix;
    }
}
