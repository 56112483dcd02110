package io.xshathra.controlplane.web;

import java.nio.charset.StandardCharsets;

/**
 * One HTTP response as the control plane's logic builds it: a status, header fields in the
 * order they go on the wire, and a body. The factories add {@code content-type} (when given) and
 * {@code content-length} first, as the engine's own responses do; callers may add or set further
 * fields (cookies, {@code Retry-After}) until they hand it back. Not thread-safe: it belongs to
 * whichever stage completes with it.
 */
public final class WebResponse {
    public static final String CONTENT_TYPE = "content-type";
    public static final String CONTENT_LENGTH = "content-length";
    public static final String LOCATION = "location";
    public static final String SET_COOKIE = "set-cookie";
    public static final String RETRY_AFTER = "retry-after";
    public static final String ALLOW = "allow";
    public static final String CACHE_CONTROL = "cache-control";

    private final HttpStatus status;
    private final WebHeaders headers;
    private final byte[] body;

    public WebResponse(HttpStatus status, WebHeaders headers, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** A response with that content type (none when null) and body. */
    public static WebResponse of(HttpStatus status, String contentType, byte[] body) {
        WebHeaders h = new WebHeaders(12);
        if (contentType != null) {
            h.set(CONTENT_TYPE, contentType);
        }
        h.set(CONTENT_LENGTH, body.length);
        return new WebResponse(status, h, body);
    }

    public static WebResponse json(HttpStatus status, byte[] body) {
        return of(status, "application/json", body);
    }

    public static WebResponse text(HttpStatus status, String body) {
        return of(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    public static WebResponse empty(HttpStatus status) {
        return of(status, null, new byte[0]);
    }

    public HttpStatus status() {
        return status;
    }

    /** The header fields; change them only before handing the response back. */
    public WebHeaders headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "WebResponse[" + status + ", " + headers + ", " + body.length + " bytes]";
    }
}
