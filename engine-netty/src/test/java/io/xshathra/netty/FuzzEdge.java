package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ResourceLeakDetector;
import io.xshathra.engine.EngineParts;
import io.xshathra.protocol.fuzz.FuzzTarget;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.emulation.LocalEmulationRouter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * What the edge fuzz tests share: a real engine node with every connection endpoint switched on
 * (permessage-deflate included), the server's HTTP pipeline on an {@link EmbeddedChannel} with a
 * {@link TrackingAllocator}, WebSocket client framing, and the paranoid leak watch: Netty's leak
 * reports are captured from its logger and must stay empty.
 */
final class FuzzEdge implements AutoCloseable {
    static final TransportSettings TRANSPORTS = new TransportSettings(Set.of("/connection/websocket"),
            new TransportSettings.Compression(true, 1, 0),
            new TransportSettings.Endpoint(true, Set.of("/connection/http_stream"), 65536),
            new TransportSettings.Endpoint(true, Set.of("/connection/sse"), 65536),
            new TransportSettings.Endpoint(true, Set.of("/emulation"), 65536),
            new TransportSettings.UniWebSocket(true, Set.of("/connection/uni_websocket"), false, false),
            new TransportSettings.Endpoint(true, Set.of("/connection/uni_sse"), 65536),
            new TransportSettings.Endpoint(true, Set.of("/connection/uni_http_stream"), 65536));

    final Node node;
    final LocalEmulationRouter sessions;
    private final java.util.Map<String, ConnectionEndpoint> endpoints;
    private final List<HttpRoute> routes;
    private final ListAppender<ILoggingEvent> leaks = new ListAppender<>();
    private FuzzTarget target;
    private final Logger leakLogger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);

    FuzzEdge() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        leaks.start();
        leakLogger.addAppender(leaks);
        node = EngineParts.builder(TestServer.config(), Clock.systemUTC()).version("fuzz").build();
        sessions = new LocalEmulationRouter(node.id());
        endpoints = Endpoints.of(node, TRANSPORTS, sessions);
        routes = Endpoints.routes(node, TRANSPORTS, sessions, List.of(new HealthRoute(Set.of("/health")),
                new ApiRoute(new ApiExecutor(node.api()), node.config().httpApi(), node.metrics(),
                        List.of("/api"))));
    }

    /** A connection as the server sets it up, before any byte arrived. */
    EmbeddedChannel connection(TrackingAllocator allocator) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime(); // read timeouts and session timers run only when a test moves the clock
        ch.config().setAllocator(allocator);
        HttpEdge.install(ch.pipeline(), HttpEdgeSettings.defaults(), NettyServer.MAX_HTTP_BODY,
                new Router(endpoints, routes));
        return ch;
    }

    /** Everything the channel wrote, as text (Latin-1, one char per byte), every message released. */
    static String drain(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
            if (o instanceof ByteBuf b) {
                sb.append(b.toString(StandardCharsets.ISO_8859_1));
            }
            ReferenceCountUtil.release(o);
        }
        return sb.toString();
    }

    /** Closes the channel, releases what is left and asserts every buffer it allocated was released. */
    static void finish(EmbeddedChannel ch, TrackingAllocator allocator, byte[] input) {
        drain(ch);
        ch.finishAndReleaseAll();
        assertThat(allocator.unreleased()).as("buffers never released for input %s",
                FuzzTarget.hex(input)).isEmpty();
    }

    /** A client WebSocket frame (masked, as clients must). */
    static byte[] frame(int opcode, boolean fin, byte[] payload, int mask) {
        int n = payload.length;
        int header = 2 + (n < 126 ? 0 : n < 65536 ? 2 : 8) + 4;
        byte[] out = new byte[header + n];
        out[0] = (byte) ((fin ? 0x80 : 0) | (opcode & 0x7f));
        int i = 2;
        if (n < 126) {
            out[1] = (byte) (0x80 | n);
        } else if (n < 65536) {
            out[1] = (byte) (0x80 | 126);
            out[i++] = (byte) (n >>> 8);
            out[i++] = (byte) n;
        } else {
            out[1] = (byte) (0x80 | 127);
            for (int s = 56; s >= 0; s -= 8) {
                out[i++] = (byte) ((long) n >>> s);
            }
        }
        byte[] key = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
        System.arraycopy(key, 0, out, i, 4);
        i += 4;
        for (int j = 0; j < n; j++) {
            out[i + j] = (byte) (payload[j] ^ key[j & 3]);
        }
        return out;
    }

    /**
     * Asserts that Netty's paranoid leak detector reported nothing: a collection makes lost
     * buffers collectable, and new tracked allocations make the detector look at them.
     */
    void assertNoLeakReports() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int i = 0; i < 64; i++) {
                ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(16);
                b.release();
                ByteBufAllocator.DEFAULT.heapBuffer(16).release();
            }
        }
        assertThat(leaks.list).as("Netty leak reports").isEmpty();
    }

    @Override
    public void close() {
        leakLogger.detachAppender(leaks);
        node.shutdown();
        if (target != null) {
            target.close();
        }
    }

    /** The fuzz target of this property (opened on first use, closed with the edge). */
    FuzzTarget target(String name) {
        if (target == null) {
            target = FuzzTarget.open(name);
        }
        return target;
    }
}
