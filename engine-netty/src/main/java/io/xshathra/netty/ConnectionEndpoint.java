package io.xshathra.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * A client connection endpoint: it either answers the request itself or turns the HTTP
 * connection into a client connection (a WebSocket, an HTTP stream).
 */
interface ConnectionEndpoint {

    /**
     * Handles the request on the connection's event loop. The router releases the request
     * afterwards unless it was already released.
     *
     * @return false when the request is not for this endpoint after all (e.g. a plain GET on a
     *         WebSocket path), so the router goes on to the HTTP routes
     */
    boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder query);
}
