package io.xshathra.netty;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * One HTTP endpoint mounted on the server's single port. Handlers run on the connection's event
 * loop and must not block: storage or other slow work completes the stage later.
 */
public interface HttpRoute {

    /** Whether this route serves the request's path (without the query string). */
    boolean matches(String path);

    /** Handles the request; the router releases the request after the stage completes. */
    CompletionStage<FullHttpResponse> handle(FullHttpRequest request, String path);

    /**
     * Handles the request knowing the TCP peer's address (the socket's, not a forwarded header's:
     * routes that honour {@code X-Forwarded-For} decide themselves which proxies they trust).
     * The router calls this one; routes that do not care about the peer keep the default.
     *
     * @param peer the remote address of the connection, or null when unknown
     */
    default CompletionStage<FullHttpResponse> handle(FullHttpRequest request, String path, InetSocketAddress peer) {
        return handle(request, path);
    }
}
