package io.xshathra.controlplane.console;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * What the console needs of one request, copied out on the event loop so that nothing touches
 * the Netty request after the router releases it.
 *
 * @param method        the HTTP method
 * @param path          the path without the query
 * @param target        the page the path resolves to
 * @param query         the query string's fields
 * @param form          the form body's fields (empty for GET)
 * @param sessionToken  the {@code xs_session} cookie, or null
 * @param formCookie    the {@code xs_form} cookie, or null
 * @param csrfHeader    the {@code X-CSRF-Token} header, or null
 * @param secure        the browser reached us over TLS (cookies get {@code Secure})
 * @param host          the {@code Host} header, for showing the server's URLs ("" when absent)
 */
record ConsoleRequest(HttpMethod method, String path, Routes.Target target, Form query, Form form,
                      String sessionToken, String formCookie, String csrfHeader, boolean secure, String host) {

    /** @throws Form.Refused when a POST body is not a readable form */
    static ConsoleRequest read(FullHttpRequest req, String path) {
        Form body = req.method() == HttpMethod.POST ? Form.of(req) : Form.EMPTY;
        String rawQuery = new QueryStringDecoder(req.uri()).rawQuery();
        return new ConsoleRequest(req.method(), path, Routes.resolve(path), Form.parse(rawQuery), body,
                Cookies.read(req.headers(), Cookies.SESSION), Cookies.read(req.headers(), Cookies.FORM),
                req.headers().get(Csrf.HEADER), Cookies.secure(req.headers()),
                req.headers().get(HttpHeaderNames.HOST, ""));
    }

    boolean post() {
        return method == HttpMethod.POST;
    }

    /** The CSRF token the request presents: the form field, else the header. */
    String presentedCsrf() {
        String f = form.get(Csrf.FIELD);
        return f.isEmpty() ? csrfHeader : f;
    }

    /** The server's own base URL as the browser sees it, e.g. {@code https://rt.example.com}. */
    String origin() {
        return (secure ? "https://" : "http://") + (host.isEmpty() ? "localhost" : host);
    }

    @Override
    public String toString() {
        return "ConsoleRequest[" + method + " " + path + "]";
    }
}
