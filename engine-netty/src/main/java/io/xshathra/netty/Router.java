package io.xshathra.netty;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single HTTP entry point: the client connection endpoints by exact path (WebSocket
 * upgrades, HTTP streams), then the mounted {@link HttpRoute}s in order, then 404. One instance
 * per connection.
 */
final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private final Map<String, ConnectionEndpoint> endpoints;
    private final List<HttpRoute> routes;

    Router(Map<String, ConnectionEndpoint> endpoints, List<HttpRoute> routes) {
        super(false);
        this.endpoints = endpoints;
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        String path;
        try {
            path = query.path();
            // decoded here once: a malformed escape in the query is the client's error, not a 500
            query.parameters();
        } catch (IllegalArgumentException e) {
            send(ctx, req, HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad Request"));
            return;
        }
        try {
            ConnectionEndpoint endpoint = endpoints.get(path);
            if (endpoint != null && endpoint.handle(ctx, req, query)) {
                // An answered request was released by send(); a connection took over otherwise.
                if (req.refCnt() > 0) {
                    req.release();
                }
                return;
            }
            for (HttpRoute route : routes) {
                if (route.matches(path)) {
                    route.handle(req, path, peer(ctx)).whenComplete((resp, e) -> {
                        FullHttpResponse out = resp;
                        if (e != null) {
                            LOG.error("{} {} failed", req.method(), path, e);
                            out = HttpResponses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal Server Error");
                        }
                        FullHttpResponse fin = out;
                        if (ctx.executor().inEventLoop()) {
                            send(ctx, req, fin);
                        } else {
                            ctx.executor().execute(() -> send(ctx, req, fin));
                        }
                    });
                    return;
                }
            }
            send(ctx, req, HttpResponses.text(HttpResponseStatus.NOT_FOUND, "Not Found"));
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", req.method(), path, e);
            send(ctx, req, HttpResponses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal Server Error"));
        }
    }

    private static java.net.InetSocketAddress peer(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress a ? a : null;
    }

    /** Writes a response honouring keep-alive, and releases the request. */
    static void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse resp) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (req.refCnt() > 0) {
            req.release();
        }
        HttpUtil.setKeepAlive(resp, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(resp);
        } else {
            ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("http connection error: {}", cause.toString());
        ctx.close();
    }
}
