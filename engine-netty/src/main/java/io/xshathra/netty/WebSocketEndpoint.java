package io.xshathra.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.xshathra.engine.Node;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.ConnectRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The WebSocket upgrade: origin check, protocol choice (query parameter or subprotocol), the
 * optional permessage-deflate negotiation, the RFC 6455 handshake with the selected subprotocol
 * echoed, then the connection's pipeline is switched to {@link WebSocketTransport}. Serves the
 * bidirectional endpoint and, with a unidirectional {@link WebSocketTransport.Mode}, the
 * unidirectional one (JSON only; the connect request may come in {@code cf_connect}).
 */
final class WebSocketEndpoint implements ConnectionEndpoint {
    static final String SUBPROTOCOLS = "centrifuge-json,centrifuge-protobuf";
    private final Node node;
    private final OriginCheck origins;
    /** Request headers some proxy forwards (lower case); empty when none does. */
    private final java.util.Set<String> forwarded;
    private final WebSocketTransport.Mode mode;
    private final Deflate deflate;

    WebSocketEndpoint(Node node) {
        this(node, WebSocketTransport.Mode.BIDIRECTIONAL, TransportSettings.Compression.off());
    }

    WebSocketEndpoint(Node node, WebSocketTransport.Mode mode, TransportSettings.Compression compression) {
        this.node = node;
        this.origins = new OriginCheck(node.config().client().allowedOrigins());
        this.forwarded = node.config().proxies().forwardedHeaderNames();
        this.mode = mode;
        this.deflate = compression.enabled()
                ? new Deflate(compression, 10 * node.config().websocket().messageSizeLimit()) : null;
    }

    static boolean isUpgrade(FullHttpRequest req) {
        return req.headers().containsValue(HttpHeaderNames.UPGRADE, "websocket", true);
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder query) {
        if (!isUpgrade(req)) {
            // Centrifugo answers any request on its WebSocket path that is not an upgrade this way
            Router.send(ctx, req, badHandshake());
            return true;
        }
        upgrade(ctx, req, query);
        return true;
    }

    /** 400 as a Go WebSocket server answers a failed handshake: the body ends in a newline, the version is named. */
    static FullHttpResponse badHandshake() {
        FullHttpResponse resp = HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad Request\n");
        resp.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
        return resp;
    }

    /** Upgrades the request (or answers it with an error); the request is released by the caller. */
    void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder query) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (!origins.allows(origin)) {
            Router.send(ctx, req, HttpResponses.text(HttpResponseStatus.FORBIDDEN, "Forbidden"));
            return;
        }
        ConnectRequest connect = null;
        List<String> cfConnect = query.parameters().get("cf_connect");
        if (mode.unidirectional() && cfConnect != null && !cfConnect.isEmpty()) {
            try {
                connect = ConnectRequests.parseJson(cfConnect.get(0).getBytes(StandardCharsets.UTF_8));
            } catch (ProtocolException e) {
                Router.send(ctx, req, HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad Request"));
                return;
            }
        }
        EngineConfig cfg = node.config();
        WebSocketServerExtension extension = deflate == null ? null
                : deflate.negotiate(req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS));
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(cfg.websocket().messageSizeLimit())
                .allowExtensions(extension != null).closeOnProtocolViolation(true).build();
        WebSocketServerHandshakerFactory factory =
                new WebSocketServerHandshakerFactory("ws://" + req.headers().get(HttpHeaderNames.HOST) + req.uri(),
                        mode.unidirectional() ? null : SUBPROTOCOLS, decoder);
        WebSocketServerHandshaker handshaker = factory.newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        if (!wellFormed(req)) {
            // the handshaker refuses these by throwing, after the pipeline below has changed
            Router.send(ctx, req, badHandshake());
            return;
        }
        ProtocolType protocol = mode.unidirectional() ? ProtocolType.JSON
                : protocol(query, req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
        long queueMax = Math.max(1024, cfg.client().queueMaxSize());
        ctx.channel().config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark((int) Math.min(Integer.MAX_VALUE, queueMax / 2),
                        (int) Math.min(Integer.MAX_VALUE, queueMax)));
        ctx.pipeline().addLast("ws-aggregator", new WebSocketFrameAggregator(cfg.websocket().messageSizeLimit()));
        WebSocketTransport transport = new WebSocketTransport(node, protocol, query.parameters(), mode,
                ForwardedHeaders.of(req.headers(), forwarded));
        ctx.pipeline().addLast("ws-transport", transport);
        if (cfg.websocket().writeTimeout().toNanos() > 0) {
            ctx.pipeline().addFirst("write-deadline", new WriteDeadline(cfg.websocket().writeTimeout(),
                    transport::writeTimedOut));
        }
        HttpHeaders extra = new DefaultHttpHeaders();
        if (extension != null) {
            // Only a connection that negotiated the extension gets a compressor and decompressor.
            transport.compressFrames();
            ctx.pipeline().addBefore("ws-aggregator", "ws-deflate-decoder", extension.newExtensionDecoder());
            ctx.pipeline().addBefore("ws-aggregator", "ws-deflate-encoder", extension.newExtensionEncoder());
            extra.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, Deflate.header(extension.newReponseData()));
        }
        HttpEdge.handOver(ctx);
        ConnectRequest first = connect;
        handshaker.handshake(ctx.channel(), req, extra, ctx.channel().newPromise()).addListener(f -> {
            if (f.isSuccess() && first != null) {
                transport.connectUnidirectional(first);
            }
        });
    }

    /**
     * What the handshaker requires of an upgrade that {@link #isUpgrade} let through: GET, an
     * Upgrade header that is exactly {@code websocket}, Connection naming Upgrade, a version and a
     * key. A request without a version is a pre-RFC (hixie) client, which is not served.
     */
    private static boolean wellFormed(FullHttpRequest req) {
        HttpHeaders h = req.headers();
        return req.method().equals(HttpMethod.GET)
                && HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(h.get(HttpHeaderNames.UPGRADE))
                && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && h.contains(HttpHeaderNames.SEC_WEBSOCKET_VERSION) && h.contains(HttpHeaderNames.SEC_WEBSOCKET_KEY);
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
