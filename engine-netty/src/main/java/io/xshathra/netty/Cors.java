package io.xshathra.netty;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * CORS for the HTTP connection endpoints and the emulation endpoint: an origin that passes
 * {@code client.allowed_origins} is echoed back with credentials allowed and the requested
 * headers copied; a preflight is answered with 204 and a five-minute cache.
 */
final class Cors {
    private Cors() {
    }

    /** Adds the CORS headers for an allowed request that carries an {@code Origin}. */
    static void apply(HttpHeaders request, HttpHeaders response) {
        String origin = request.get(HttpHeaderNames.ORIGIN);
        if (origin == null || origin.isEmpty()) {
            return;
        }
        response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        String wanted = request.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        if (wanted != null) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, wanted);
        }
    }

    /** The answer to an {@code OPTIONS} preflight. */
    static FullHttpResponse preflight(HttpHeaders request, String methods) {
        FullHttpResponse r = HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
        r.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        r.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "300");
        r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, methods);
        apply(request, r.headers());
        return r;
    }
}
