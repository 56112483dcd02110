package io.xshathra.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.xshathra.engine.Node;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.protocol.ProtocolType;
import java.util.List;

/**
 * The WebSocket upgrade: origin check, protocol choice (query parameter or subprotocol), the
 * RFC 6455 handshake with the selected subprotocol echoed, then the connection's pipeline is
 * switched to {@link WebSocketTransport}.
 */
final class WebSocketEndpoint {
    static final String SUBPROTOCOLS = "centrifuge-json,centrifuge-protobuf";
    private final Node node;
    private final OriginCheck origins;

    WebSocketEndpoint(Node node) {
        this.node = node;
        this.origins = new OriginCheck(node.config().client().allowedOrigins());
    }

    static boolean isUpgrade(FullHttpRequest req) {
        return req.headers().containsValue(HttpHeaderNames.UPGRADE, "websocket", true);
    }

    /** Upgrades the request (or answers it with an error); the request is released by the caller. */
    void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder query) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (!origins.allows(origin)) {
            Router.send(ctx, req, HttpResponses.text(HttpResponseStatus.FORBIDDEN, "Forbidden"));
            return;
        }
        EngineConfig cfg = node.config();
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(cfg.websocket().messageSizeLimit())
                .allowExtensions(false).closeOnProtocolViolation(true).build();
        WebSocketServerHandshakerFactory factory =
                new WebSocketServerHandshakerFactory("ws://" + req.headers().get(HttpHeaderNames.HOST) + req.uri(),
                        SUBPROTOCOLS, decoder);
        WebSocketServerHandshaker handshaker = factory.newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        ProtocolType protocol = protocol(query, req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
        long queueMax = Math.max(1024, cfg.client().queueMaxSize());
        ctx.channel().config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark((int) Math.min(Integer.MAX_VALUE, queueMax / 2),
                        (int) Math.min(Integer.MAX_VALUE, queueMax)));
        ctx.pipeline().addLast("ws-aggregator", new WebSocketFrameAggregator(cfg.websocket().messageSizeLimit()));
        ctx.pipeline().addLast("ws-transport", new WebSocketTransport(node, protocol, query.parameters()));
        ctx.pipeline().remove(ctx.handler());
        handshaker.handshake(ctx.channel(), req);
    }

    /** Protobuf when the query asks for it, or when the client offered the protobuf subprotocol first among ours. */
    static ProtocolType protocol(QueryStringDecoder query, String subprotocolHeader) {
        for (String key : List.of("format", "cf_protocol")) {
            List<String> v = query.parameters().get(key);
            if (v != null && v.contains("protobuf")) {
                return ProtocolType.PROTOBUF;
            }
        }
        if (subprotocolHeader != null) {
            for (String p : subprotocolHeader.split(",")) {
                String s = p.trim();
                if (s.equals("centrifuge-protobuf")) {
                    return ProtocolType.PROTOBUF;
                }
                if (s.equals("centrifuge-json")) {
                    return ProtocolType.JSON;
                }
            }
        }
        return ProtocolType.JSON;
    }
}
