package io.xshathra.controlplane.console;

import io.xshathra.controlplane.security.TrustedProxies;
import io.xshathra.controlplane.web.WebRequest;
import java.net.InetSocketAddress;

/**
 * What the console needs of one request, read once from the {@link WebRequest}: the page, the
 * decoded query and form, the console's cookies and the client's throttling key.
 *
 * @param method        the HTTP method
 * @param path          the path without the query
 * @param target        the page the path resolves to
 * @param query         the query string's fields
 * @param form          the form body's fields (empty for GET)
 * @param sessionToken  the session cookie, or null
 * @param formCookie    the pre-session form cookie, or null
 * @param knownCookie   the known-browser cookie, or null
 * @param csrfHeader    the {@code X-CSRF-Token} header, or null
 * @param secure        cookies get {@code Secure} and the {@code __Host-} prefix (see
 *                      {@link ConsoleOptions.SecureCookies})
 * @param https         the forwarding headers say HTTPS (from anyone: only for the URLs pages show)
 * @param host          the {@code Host} header, for showing the server's URLs ("" when absent)
 * @param client        the client's throttling key: its address (or IPv6 /64), through trusted
 *                      proxies only; {@code unknown} without a peer
 */
record ConsoleRequest(String method, String path, Routes.Target target, Form query, Form form,
                      String sessionToken, String formCookie, String knownCookie, String csrfHeader, boolean secure,
                      boolean https, String host, String client) {

    /** @throws Form.Refused when a POST body is not a readable form */
    static ConsoleRequest read(WebRequest req, ConsoleOptions options) {
        String path = req.path();
        InetSocketAddress peer = req.peer();
        Form body = req.is("POST") ? Form.of(req) : Form.EMPTY;
        String rawQuery = req.rawQuery();
        TrustedProxies proxies = options.trustedProxies();
        boolean https = Cookies.secure(req.headers());
        boolean secure = switch (options.secureCookies()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> https && proxies.trusts(peer);
        };
        String client = TrustedProxies.throttleKey(proxies.client(peer, req.headers().getAll("X-Forwarded-For")));
        return new ConsoleRequest(req.method(), path, Routes.resolve(path), Form.parse(rawQuery), body,
                Cookies.read(req, Cookies.SESSION, secure), Cookies.read(req, Cookies.FORM, secure),
                Cookies.read(req, Cookies.KNOWN, secure), req.headers().get(Csrf.HEADER), secure, https,
                req.headers().get("host", ""), client);
    }

    boolean post() {
        return method.equals("POST");
    }

    /** The CSRF token the request presents: the form field, else the header. */
    String presentedCsrf() {
        String f = form.get(Csrf.FIELD);
        return f.isEmpty() ? csrfHeader : f;
    }

    /** The server's own base URL as the browser sees it, e.g. {@code https://rt.example.com}. */
    String origin() {
        return (https ? "https://" : "http://") + (host.isEmpty() ? "localhost" : host);
    }

    @Override
    public String toString() {
        return "ConsoleRequest[" + method + " " + path + "]";
    }
}
