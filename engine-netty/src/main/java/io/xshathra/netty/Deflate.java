package io.xshathra.netty;

import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.Map;

/**
 * permessage-deflate negotiation for the WebSocket endpoints ({@code websocket.compression},
 * {@code compression_level}, {@code compression_min_size}). Negotiation happens at the upgrade;
 * the compressor and decompressor exist only on connections that negotiated the extension.
 * Outgoing messages below the minimum size are sent uncompressed; a compressed incoming message
 * may inflate to at most {@code maxInflated} bytes.
 */
final class Deflate {
    private static final String NAME = "permessage-deflate";
    private final PerMessageDeflateServerExtensionHandshaker handshaker;

    Deflate(TransportSettings.Compression c, int maxInflated) {
        int minSize = c.minSize();
        WebSocketExtensionFilterProvider filters = new WebSocketExtensionFilterProvider() {
            @Override
            public WebSocketExtensionFilter encoderFilter() {
                return (WebSocketFrame f) -> f.content().readableBytes() < minSize;
            }

            @Override
            public WebSocketExtensionFilter decoderFilter() {
                return WebSocketExtensionFilter.NEVER_SKIP;
            }
        };
        int level = Math.max(1, Math.min(9, c.level()));
        handshaker = new PerMessageDeflateServerExtensionHandshaker(level, false, 15, true, false, filters,
                Math.max(0, maxInflated));
    }

    /** The accepted extension for the client's offer, or null when it offers none we take. */
    WebSocketServerExtension negotiate(String offer) {
        if (offer == null || offer.isEmpty()) {
            return null;
        }
        for (WebSocketExtensionData d : WebSocketExtensionUtil.extractExtensions(offer)) {
            if (NAME.equals(d.name())) {
                WebSocketServerExtension e = handshaker.handshakeExtension(d);
                if (e != null) {
                    return e;
                }
            }
        }
        return null;
    }

    /** The response header value for an accepted extension. */
    static String header(WebSocketExtensionData d) {
        StringBuilder b = new StringBuilder(d.name());
        for (Map.Entry<String, String> p : d.parameters().entrySet()) {
            b.append("; ").append(p.getKey());
            if (p.getValue() != null) {
                b.append('=').append(p.getValue());
            }
        }
        return b.toString();
    }
}
