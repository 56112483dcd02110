package io.xshathra.netty;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
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
}
