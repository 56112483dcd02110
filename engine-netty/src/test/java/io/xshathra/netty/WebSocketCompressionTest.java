package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.config.EngineConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate at the upgrade: a client that offers it gets the extension and a
 * compressor/decompressor pair in its pipeline; one that does not gets neither, so it carries no
 * compression state; with compression switched off nobody gets it.
 */
class WebSocketCompressionTest {
    private final Node node = EngineParts.builder(EngineConfig.defaults("s", "k"), Clock.systemUTC()).version("test").build();
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private String upgrade(TransportSettings.Compression compression, String extensions) {
        TransportSettings t = new TransportSettings(Set.of("/ws"), compression, TransportSettings.Endpoint.off(),
                TransportSettings.Endpoint.off(), TransportSettings.Endpoint.off(), TransportSettings.UniWebSocket.off(),
                TransportSettings.Endpoint.off(), TransportSettings.Endpoint.off());
        channel = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(65536),
                new Router(Endpoints.of(node, t, new io.xshathra.engine.emulation.LocalEmulationRouter(node.id())), List.of()));
        String req = "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n") + "\r\n";
        channel.writeInbound(Unpooled.copiedBuffer(req, StandardCharsets.US_ASCII));
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            if (o instanceof ByteBuf b) {
                out.append(b.toString(StandardCharsets.US_ASCII));
            }
            ReferenceCountUtil.release(o);
        }
        return out.toString();
    }

    private boolean hasDeflateHandlers() {
        Map<String, ?> handlers = channel.pipeline().toMap();
        return handlers.containsKey("ws-deflate-encoder") || handlers.containsKey("ws-deflate-decoder");
    }

    @Test
    void aClientOfferingDeflateNegotiatesIt() {
        String resp = upgrade(new TransportSettings.Compression(true, 1, 0), "permessage-deflate; client_max_window_bits");
        assertThat(resp).startsWith("HTTP/1.1 101").containsIgnoringCase("sec-websocket-extensions: permessage-deflate");
        assertThat(hasDeflateHandlers()).isTrue();
        assertThat(channel.pipeline().get("ws-transport")).isNotNull();
    }

    @Test
    void aClientNotOfferingItCarriesNoCompressor() {
        String resp = upgrade(new TransportSettings.Compression(true, 1, 0), null);
        assertThat(resp).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("sec-websocket-extensions");
        assertThat(hasDeflateHandlers()).isFalse();
    }

    @Test
    void switchedOffTheOfferIsIgnored() {
        String resp = upgrade(TransportSettings.Compression.off(), "permessage-deflate");
        assertThat(resp).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("sec-websocket-extensions");
        assertThat(hasDeflateHandlers()).isFalse();
    }
}
