package io.xshathra.controlplane.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.WebHeaders;
import io.xshathra.controlplane.web.WebResponse;
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
    static WebResponse html(HttpStatus status, Html.Safe document) {
        return secured(WebResponse.of(status, "text/html; charset=utf-8",
                document.html().getBytes(StandardCharsets.UTF_8)), NO_STORE);
    }

    /** 303 See Other: after a POST, or to send someone to another page. Not cached. */
    static WebResponse redirect(String location) {
        WebResponse r = secured(WebResponse.empty(HttpStatus.SEE_OTHER), NO_STORE);
        r.headers().set(WebResponse.LOCATION, location);
        return r;
    }

    /** A JSON answer for the page's own scripts; not cached. */
    static WebResponse json(HttpStatus status, Object body) {
        try {
            return secured(WebResponse.json(status, JSON.writeValueAsBytes(body)), NO_STORE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {"error":{"code","message"}}}, the control plane's error shape. */
    static WebResponse jsonError(HttpStatus status, String code, String message) {
        // Same field order as the API's errors ({"code", "message"}); Map.of would vary per run.
        Map<String, String> error = new java.util.LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        return json(status, Map.of("error", error));
    }

    /** A static asset, cached for a year (its URL changes with its content). */
    static WebResponse asset(String contentType, byte[] body) {
        return secured(WebResponse.of(HttpStatus.OK, contentType, body), IMMUTABLE);
    }

    static WebResponse secured(WebResponse r, String cacheControl) {
        WebHeaders h = r.headers();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "same-origin");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), clipboard-write=(self)");
        h.set(WebResponse.CACHE_CONTROL, cacheControl);
        return r;
    }

    static CompletionStage<WebResponse> done(WebResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
