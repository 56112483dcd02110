package io.xshathra.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.xshathra.engine.Node;
import io.xshathra.engine.client.ClientSession;
import io.xshathra.engine.client.Transport;
import io.xshathra.engine.emulation.LocalEmulationRouter;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.PushFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection over one long HTTP response: HTTP-streaming and SSE, bidirectional (commands
 * after the first frame arrive through the emulation endpoint) or unidirectional (pushes only,
 * in their bare format). The outbound side is the connection's {@link Outbound} with a
 * {@link StreamFraming}: messages queued during one event-loop turn go out as one chunk with one
 * flush; a connection whose unsent bytes pass the channel's high-water mark
 * ({@code client.queue_max_size}) is dropped as slow (3008); closing writes a {@code disconnect}
 * push, then ends the response.
 *
 * <p>Threading: everything runs on the channel's event loop.
 */
final class StreamTransport extends ChannelInboundHandlerAdapter implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(StreamTransport.class);

    /**
     * What kind of stream this is.
     *
     * @param name           transport name for metrics and logs
     * @param framing        how messages are framed
     * @param unidirectional pushes only, without the Reply envelope
     */
    record Kind(String name, StreamFraming framing, boolean unidirectional) {
    }

    private final Node node;
    private final Kind kind;
    private final ProtocolType protocol;
    private final PushFormat pushFormat;
    private final LocalEmulationRouter emulation;
    private final Map<String, java.util.List<String>> query;
    private final Map<String, java.util.List<String>> headers;
    private final String sessionId = UUID.randomUUID().toString();
    private Channel channel;
    private Outbound outbound;
    private ClientSession session;

    /** @param emulation where a bidirectional stream registers its session; null for unidirectional ones */
    StreamTransport(Node node, Kind kind, ProtocolType protocol, LocalEmulationRouter emulation,
                    Map<String, java.util.List<String>> query) {
        this(node, kind, protocol, emulation, query, Map.of());
    }

    /** A connection whose request carried {@code headers}, the ones proxies forward (see {@link ForwardedHeaders}). */
    StreamTransport(Node node, Kind kind, ProtocolType protocol, LocalEmulationRouter emulation,
                    Map<String, java.util.List<String>> query, Map<String, java.util.List<String>> headers) {
        this.headers = headers;
        this.node = node;
        this.kind = kind;
        this.protocol = protocol;
        this.pushFormat = PushFormat.of(protocol, kind.unidirectional());
        this.emulation = emulation;
        this.query = query;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        outbound = new Outbound(ctx, kind.framing(), pushFormat, d -> session.disconnect(d),
                node.config().client().tuning().writeHoldMax());
        session = node.newSession(this);
        if (emulation != null) {
            emulation.add(sessionId, session);
        }
    }

    ClientSession session() {
        return session;
    }

    @Override
    public ProtocolType protocol() {
        return protocol;
    }

    @Override
    public PushFormat pushFormat() {
        return pushFormat;
    }

    @Override
    public String name() {
        return kind.name();
    }

    @Override
    public ScheduledExecutorService executor() {
        return channel.eventLoop();
    }

    @Override
    public boolean unidirectional() {
        return kind.unidirectional();
    }

    @Override
    public boolean emulation() {
        return emulation != null;
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public Map<String, java.util.List<String>> headers() {
        return headers;
    }

    @Override
    public String queryParam(String name) {
        java.util.List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Nothing is read after the first request: a client may not pipeline on a stream. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        outbound.channelClosed();
        forget();
        session.onTransportClosed();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        outbound.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client {}: {} stream error: {}", session == null ? "-" : session.id(), kind.name(), cause.toString());
        ctx.close();
    }

    @Override
    public void write(byte[] encodedReply) {
        outbound.write(encodedReply);
    }

    @Override
    public void close(Disconnect disconnect) {
        if (!outbound.closing()) {
            forget();
        }
        outbound.close(disconnect);
    }

    @Override
    public void abort() {
        forget();
        outbound.abort();
    }

    private void forget() {
        if (emulation != null) {
            emulation.remove(sessionId);
        }
    }
}
