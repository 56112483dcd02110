package io.xshathra.controlplane.web;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP request as the control plane's logic sees it, copied out of the server's own request
 * object so that nothing refers to it after the server releases it. Immutable once built (its
 * headers are not changed after construction by convention; the body array is not copied).
 *
 * @param method  the method as sent, e.g. {@code GET}
 * @param uri     the request target (path and query)
 * @param path    the path without the query, as the router matched it
 * @param headers the header fields in order
 * @param body    the body (empty when none)
 * @param peer    the TCP peer's address (the socket's, not a forwarded header's), or null when unknown
 */
public record WebRequest(String method, String uri, String path, WebHeaders headers, byte[] body,
                         InetSocketAddress peer) {

    public WebRequest {
        headers = headers == null ? new WebHeaders(0) : headers;
        body = body == null ? new byte[0] : body;
    }

    /** A request without a body from an unknown peer (for tests and internal callers). */
    public static WebRequest of(String method, String uri) {
        return new WebRequest(method, uri, pathOf(uri), new WebHeaders(), new byte[0], null);
    }

    /** The path part of a request target (before {@code ?} or {@code #}), undecoded. */
    public static String pathOf(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#') {
                return uri.substring(0, i);
            }
        }
        return uri;
    }

    /** The undecoded query string ("" when none). */
    public String rawQuery() {
        return UrlEncoded.rawQuery(uri);
    }

    /** The first value of that header, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** Every value of the cookies named exactly {@code name}, over all {@code Cookie} headers, in order. */
    public List<String> cookies(String name) {
        List<String> out = new ArrayList<>(1);
        for (String h : headers.getAll("Cookie")) {
            CookieHeader.values(h, name, out);
        }
        return out;
    }

    public boolean is(String m) {
        return method.equals(m);
    }

    @Override
    public String toString() {
        // The query, headers and body may hold keys or passwords: the method and path only.
        return "WebRequest[" + method + " " + path + "]";
    }
}
