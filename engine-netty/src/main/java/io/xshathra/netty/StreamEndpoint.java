package io.xshathra.netty;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.xshathra.engine.Node;
import io.xshathra.engine.emulation.LocalEmulationRouter;
import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.ConnectRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HTTP streaming connection endpoints: bidirectional HTTP-streaming ({@code POST}, JSON or
 * Protobuf by content type) and SSE ({@code GET} with {@code cf_connect} or {@code POST}, JSON),
 * and their unidirectional forms. It checks the method, the origin and the body size, answers
 * with the streaming headers, and hands the connection to a {@link StreamTransport}.
 */
final class StreamEndpoint implements ConnectionEndpoint {
    private static final byte[] SSE_PREAMBLE = "\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Which endpoint. */
    enum Type {
        HTTP_STREAM("http_stream", false, false),
        SSE("sse", true, false),
        UNI_SSE("uni_sse", true, true),
        UNI_HTTP_STREAM("uni_http_stream", false, true);

        final String transportName;
        final boolean sse;
        final boolean unidirectional;

        Type(String transportName, boolean sse, boolean unidirectional) {
            this.transportName = transportName;
            this.sse = sse;
            this.unidirectional = unidirectional;
        }

        String methods() {
            return sse ? "GET, POST, OPTIONS" : "POST, OPTIONS";
        }
    }

    private final Node node;
    private final Type type;
    private final int maxBody;
    private final OriginCheck origins;
    /** Request headers some proxy forwards (lower case); empty when none does. */
    private final java.util.Set<String> forwarded;
    private final LocalEmulationRouter emulation;

    StreamEndpoint(Node node, Type type, int maxBody, LocalEmulationRouter emulation) {
        this.node = node;
        this.type = type;
        this.maxBody = maxBody;
        this.origins = new OriginCheck(node.config().client().allowedOrigins());
        this.forwarded = node.config().proxies().forwardedHeaderNames();
        this.emulation = emulation;
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder query) {
        HttpMethod m = req.method();
        if (m.equals(HttpMethod.OPTIONS)) {
            Router.send(ctx, req, Cors.preflight(req.headers(), type.methods()));
            return true;
        }
        if (!(m.equals(HttpMethod.POST) || (type.sse && m.equals(HttpMethod.GET)))) {
            Router.send(ctx, req, HttpResponses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed"));
            return true;
        }
        if (!origins.allows(req.headers().get(HttpHeaderNames.ORIGIN))) {
            Router.send(ctx, req, HttpResponses.text(HttpResponseStatus.FORBIDDEN, "Forbidden"));
            return true;
        }
        if (req.content().readableBytes() > maxBody) {
            Router.send(ctx, req, HttpResponses.bodyTooLarge(maxBody));
            return true;
        }
        byte[] first = firstFrame(req, query);
        if (first == null) {
            Router.send(ctx, req, HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad Request"));
            return true;
        }
        ConnectRequest connect = null;
        if (type.unidirectional) {
            try {
                connect = ConnectRequests.parseJson(first);
            } catch (ProtocolException e) {
                Router.send(ctx, req, HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad Request"));
                return true;
            }
        }
        ProtocolType protocol = !type.sse && !type.unidirectional && isProtobuf(req)
                ? ProtocolType.PROTOBUF : ProtocolType.JSON;
        start(ctx, req, query, protocol, first, connect);
        return true;
    }

    /** The connect frame (bidirectional) or connect request (unidirectional); null when a GET lacks it. */
    private static byte[] firstFrame(FullHttpRequest req, QueryStringDecoder query) {
        if (req.method().equals(HttpMethod.GET)) {
            List<String> v = query.parameters().get("cf_connect");
            return v == null || v.isEmpty() ? null : v.get(0).getBytes(StandardCharsets.UTF_8);
        }
        return ByteBufUtil.getBytes(req.content());
    }

    private static boolean isProtobuf(FullHttpRequest req) {
        String ct = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        return ct != null && ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/octet-stream");
    }

    private void start(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder query,
                       ProtocolType protocol, byte[] first, ConnectRequest connect) {
        HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        resp.headers().set(HttpHeaderNames.CACHE_CONTROL, "private, no-cache, no-store, must-revalidate, max-age=0")
                .set(HttpHeaderNames.PRAGMA, HttpHeaderValues.NO_CACHE)
                .set("Expire", "0")
                .set("X-Accel-Buffering", "no")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                .set(HttpHeaderNames.CONTENT_TYPE, contentType(protocol));
        Cors.apply(req.headers(), resp.headers());
        long queueMax = Math.max(1024, node.config().client().queueMaxSize());
        ctx.channel().config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark((int) Math.min(Integer.MAX_VALUE, queueMax / 2),
                        (int) Math.min(Integer.MAX_VALUE, queueMax)));
        StreamFraming framing = type.sse ? StreamFraming.SSE
                : protocol == ProtocolType.PROTOBUF ? StreamFraming.PROTOBUF : StreamFraming.JSON_LINES;
        StreamTransport transport = new StreamTransport(node,
                new StreamTransport.Kind(type.transportName, framing, type.unidirectional), protocol,
                type.unidirectional ? null : emulation, query.parameters(),
                ForwardedHeaders.of(req.headers(), forwarded));
        if (req.refCnt() > 0) {
            req.release();
        }
        ctx.pipeline().addLast("stream-transport", transport);
        HttpEdge.handOver(ctx);
        ctx.channel().write(resp);
        if (type.sse) {
            ctx.channel().write(new DefaultHttpContent(Unpooled.wrappedBuffer(SSE_PREAMBLE)));
        }
        ctx.channel().flush();
        if (connect != null) {
            transport.session().connectUnidirectional(connect);
        } else {
            transport.session().handleFrame(first);
        }
    }

    private String contentType(ProtocolType protocol) {
        if (type.sse) {
            return "text/event-stream; charset=utf-8";
        }
        return protocol == ProtocolType.PROTOBUF ? "application/octet-stream" : "application/json";
    }
}
