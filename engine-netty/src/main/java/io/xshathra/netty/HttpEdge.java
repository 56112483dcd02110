package io.xshathra.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The HTTP phase of a connection's pipeline, in order: {@code http-edge-bytes} (bytes of a new
 * request arrived), {@code http} (the codec, with the request line and header block limits),
 * {@code http-checks} ({@link RequestChecks}: 400, 414, 431), {@code http-timeouts}
 * ({@link ReadTimeouts}), {@code http-aggregator} ({@link BodyLimit}: 413 JSON),
 * {@code http-order} ({@link PipelinedRequests}) and finally the {@link Router}. When a request
 * turns the connection into a WebSocket or an HTTP stream, {@link #handOver} takes out the
 * router and the edge handlers, so no HTTP deadline touches the long-lived connection.
 */
final class HttpEdge {
    static final String BYTES = "http-edge-bytes";
    static final String CODEC = "http";
    static final String CHECKS = "http-checks";
    static final String TIMEOUTS = "http-timeouts";
    static final String AGGREGATOR = "http-aggregator";
    static final String ORDER = "http-order";
    static final String ROUTER = "router";

    private HttpEdge() {
    }

    /** Appends the HTTP phase handlers and the router. */
    static void install(ChannelPipeline p, HttpEdgeSettings limits, int maxBody, Router router) {
        ReadTimeouts timeouts = new ReadTimeouts(limits);
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxInitialLineLength())
                .setMaxHeaderSize(limits.maxHeaderSize());
        p.addLast(BYTES, timeouts.byteWatch());
        p.addLast(CODEC, new HttpServerCodec(decoder));
        p.addLast(CHECKS, new RequestChecks(limits.maxHeaderCount()));
        p.addLast(TIMEOUTS, timeouts);
        p.addLast(AGGREGATOR, new BodyLimit(maxBody));
        p.addLast(ORDER, new PipelinedRequests(limits.pipelineBufferSize()));
        p.addLast(ROUTER, router);
    }

    /**
     * The connection stops being plain HTTP: removes the router (the handler of {@code ctx}) and
     * the edge handlers. The codec and aggregator stay for the endpoint to use or remove.
     */
    static void handOver(ChannelHandlerContext ctx) {
        ChannelPipeline p = ctx.pipeline();
        for (String name : new String[] {BYTES, CHECKS, TIMEOUTS, ORDER}) {
            if (p.get(name) != null) {
                p.remove(name);
            }
        }
        p.remove(ctx.handler());
    }
}
