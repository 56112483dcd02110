package io.xshathra.controlplane.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.xshathra.netty.HttpResponses;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Response builders with the console's security headers. */
final class Responses {

    /**
     * Everything from this origin only; no inline script or style (so injected markup cannot
     * run), WebSocket connections for the debug subscriber, no framing, forms post here only.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    static final String NO_STORE = "no-store";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {
    }

    /** An HTML page; not cached. */
    static FullHttpResponse html(HttpResponseStatus status, Html.Safe document) {
        return secured(HttpResponses.of(status, "text/html; charset=utf-8",
                document.html().getBytes(StandardCharsets.UTF_8)), NO_STORE);
    }

    /** 303 See Other: after a POST, or to send someone to another page. Not cached. */
    static FullHttpResponse redirect(String location) {
        FullHttpResponse r = secured(HttpResponses.empty(HttpResponseStatus.SEE_OTHER), NO_STORE);
        r.headers().set(HttpHeaderNames.LOCATION, location);
        return r;
    }

    /** A JSON answer for the page's own scripts; not cached. */
    static FullHttpResponse json(HttpResponseStatus status, Object body) {
        try {
            return secured(HttpResponses.json(status, JSON.writeValueAsBytes(body)), NO_STORE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {"error":{"code","message"}}}, the control plane's error shape. */
    static FullHttpResponse jsonError(HttpResponseStatus status, String code, String message) {
        // Same field order as the API's errors ({"code", "message"}); Map.of would vary per run.
        Map<String, String> error = new java.util.LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        return json(status, Map.of("error", error));
    }

    /** A static asset, cached for a year (its URL changes with its content). */
    static FullHttpResponse asset(String contentType, byte[] body) {
        return secured(HttpResponses.of(HttpResponseStatus.OK, contentType, body), IMMUTABLE);
    }

    static FullHttpResponse secured(FullHttpResponse r, String cacheControl) {
        HttpHeaders h = r.headers();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "same-origin");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), clipboard-write=(self)");
        h.set(HttpHeaderNames.CACHE_CONTROL, cacheControl);
        return r;
    }

    static CompletionStage<FullHttpResponse> done(FullHttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
