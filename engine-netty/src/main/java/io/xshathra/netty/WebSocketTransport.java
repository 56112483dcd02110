package io.xshathra.netty;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.xshathra.engine.Node;
import io.xshathra.engine.client.ClientSession;
import io.xshathra.engine.client.Transport;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.PushFormat;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket transport of one connection, bidirectional or unidirectional: the inbound side
 * (data, close, ping and pong frames; reading paused for backpressure) and the WebSocket
 * specifics of the outbound side, which is the connection's {@link Outbound} with a
 * {@link WebSocketFraming}: replies queued during one event-loop turn leave together at the end
 * of the turn, up to 16 per WebSocket message, with a single flush. A connection whose unsent
 * bytes pass the channel's write-buffer high-water mark ({@code client.queue_max_size}) is closed
 * with 3008, one whose bytes stay unsent longer than {@code websocket.write_timeout} with 3009
 * ({@link WriteDeadline}).
 *
 * <p>Threading: everything runs on the channel's event loop.
 */
final class WebSocketTransport extends SimpleChannelInboundHandler<WebSocketFrame> implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTransport.class);
    /** Bounds of the frames held while reading is paused (see {@link #hold}). */
    private static final long MAX_HELD_BYTES = 1 << 20;
    private static final int MAX_HELD_FRAMES = 4096;

    private final Node node;
    private final ProtocolType protocol;
    private final PushFormat pushFormat;
    private final WebSocketFraming framing;
    private Channel channel;
    private Outbound outbound;
    private ClientSession session;
    /** The session asked to stop reading ({@link #pauseReading()}). */
    private boolean readPaused;
    /** Data frames that arrived while paused, handed on in order when reading resumes. */
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    private long heldBytes;

    private final java.util.Map<String, java.util.List<String>> query;

    private final java.util.Map<String, java.util.List<String>> headers;
    private final Mode mode;
    private final String sessionId;
    private boolean connectSeen;

    /**
     * Bidirectional or unidirectional behaviour.
     *
     * @param unidirectional pushes only, sent bare; the first message is a connect request
     * @param joinPushes     several pushes may share a frame (unidirectional; bidirectional always joins)
     * @param disconnectPush send a {@code disconnect} push before the close frame
     */
    record Mode(boolean unidirectional, boolean joinPushes, boolean disconnectPush) {
        static final Mode BIDIRECTIONAL = new Mode(false, true, false);
    }

    WebSocketTransport(Node node, ProtocolType protocol, java.util.Map<String, java.util.List<String>> query) {
        this(node, protocol, query, Mode.BIDIRECTIONAL);
    }

    WebSocketTransport(Node node, ProtocolType protocol, java.util.Map<String, java.util.List<String>> query, Mode mode) {
        this(node, protocol, query, mode, java.util.Map.of());
    }

    /** A connection whose request carried {@code headers}, the ones proxies forward (see {@link ForwardedHeaders}). */
    WebSocketTransport(Node node, ProtocolType protocol, java.util.Map<String, java.util.List<String>> query, Mode mode,
                       java.util.Map<String, java.util.List<String>> headers) {
        this.headers = headers;
        this.node = node;
        this.protocol = protocol;
        this.query = query;
        this.mode = mode;
        this.pushFormat = PushFormat.of(protocol, mode.unidirectional());
        this.framing = mode.unidirectional() ? WebSocketFraming.unidirectional(protocol, mode.joinPushes())
                : WebSocketFraming.bidirectional(protocol);
        this.sessionId = mode.unidirectional() ? java.util.UUID.randomUUID().toString() : null;
    }

    @Override
    public boolean unidirectional() {
        return mode.unidirectional();
    }

    @Override
    public PushFormat pushFormat() {
        return pushFormat;
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    /** A unidirectional connection's connect request (from the query or the first message). */
    void connectUnidirectional(io.xshathra.protocol.proto.ConnectRequest request) {
        connectSeen = true;
        session.connectUnidirectional(request);
    }

    @Override
    public java.util.Map<String, java.util.List<String>> headers() {
        return headers;
    }

    @Override
    public String queryParam(String name) {
        java.util.List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The connection's outbound side (for tests; its event loop only). */
    Outbound outbound() {
        return outbound;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        outbound = new Outbound(ctx, framing, mode.disconnectPush() ? pushFormat : null, d -> session.disconnect(d),
                node.config().client().tuning().writeHoldMax());
        session = node.newSession(this);
    }

    @Override
    public ProtocolType protocol() {
        return protocol;
    }

    @Override
    public String name() {
        return mode.unidirectional() ? "uni_websocket" : "websocket";
    }

    @Override
    public ScheduledExecutorService executor() {
        return channel.eventLoop();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            if (mode.unidirectional()) {
                readUnidirectional(ByteBufUtil.getBytes(frame.content()));
            } else if (readPaused || !held.isEmpty()) {
                hold(ByteBufUtil.getBytes(frame.content()));
            } else {
                session.handleFrame(ByteBufUtil.getBytes(frame.content()));
            }
        } else if (frame instanceof CloseWebSocketFrame) {
            if (outbound.closing()) {
                ctx.close();
                return;
            }
            // the peer's closing handshake: answer it, then the channel closes
            outbound.abortWith(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof PongWebSocketFrame) {
            session.onFramePong();
        }
    }

    /** The first message is the connect request; later ones are ignored (the client only listens). */
    private void readUnidirectional(byte[] message) {
        if (connectSeen) {
            return;
        }
        connectSeen = true;
        try {
            session.connectUnidirectional(ConnectRequests.parseJson(message));
        } catch (io.xshathra.protocol.ProtocolException e) {
            session.disconnect(e.disconnect());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        outbound.channelClosed();
        held.clear();
        heldBytes = 0;
        session.onTransportClosed();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        outbound.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            outbound.end(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG, ""));
        } else if (cause instanceof CorruptedFrameException) {
            outbound.end(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR, ""));
        } else {
            LOG.debug("client {}: connection error: {}", session == null ? "-" : session.id(), cause.toString());
            ctx.close();
        }
    }

    @Override
    public void write(byte[] encodedReply) {
        outbound.write(encodedReply);
    }

    /** Plain WebSocket clients cannot answer protocol pings; their library answers Ping frames. */
    @Override
    public void writePing(byte[] encodedPing) {
        if (mode.unidirectional() && !outbound.closing()) {
            framing.pingWithBatch();
        }
        outbound.write(encodedPing);
    }

    /** The connection negotiated permessage-deflate: frames must reach the compressor as objects. */
    void compressFrames() {
        framing.compressed();
    }

    /** Bytes waited longer than the write timeout ({@link WriteDeadline}). */
    void writeTimedOut() {
        if (!outbound.closing()) {
            session.disconnect(Disconnect.WRITE_ERROR);
        }
    }

    @Override
    public void close(Disconnect disconnect) {
        outbound.close(disconnect);
    }

    /**
     * Backpressure from the session: no more socket reads until it has worked through its queue.
     * Data frames already read (the rest of the current read) are held here, in order, and handed
     * on when reading resumes; at most one read's worth, since nothing more is read meanwhile.
     */
    @Override
    public void pauseReading() {
        readPaused = true;
        channel.config().setAutoRead(false);
    }

    @Override
    public void resumeReading() {
        readPaused = false;
        if (held.isEmpty()) {
            channel.config().setAutoRead(true);
        } else {
            // on a fresh task: the session asked from inside its own command loop
            channel.eventLoop().execute(this::releaseHeld);
        }
    }

    /**
     * Keeps a frame that arrived while paused. What one read holds is small, but compressed
     * frames can inflate it: past {@link #MAX_HELD_BYTES} or {@link #MAX_HELD_FRAMES} the
     * client is closed as slow.
     */
    private void hold(byte[] frame) {
        if (outbound.closing()) {
            return;
        }
        heldBytes += frame.length;
        if (heldBytes > MAX_HELD_BYTES || held.size() >= MAX_HELD_FRAMES) {
            held.clear();
            heldBytes = 0;
            session.disconnect(Disconnect.SLOW);
            return;
        }
        held.add(frame);
    }

    /** Hands held frames to the session until it pauses again; reads again once all are through. */
    private void releaseHeld() {
        while (!readPaused && !held.isEmpty() && !outbound.closing()) {
            byte[] frame = held.poll();
            heldBytes -= frame.length;
            session.handleFrame(frame);
        }
        if (!readPaused && !outbound.closing()) {
            held.clear();
            channel.config().setAutoRead(true);
        }
    }

    @Override
    public void sendFramePing() {
        if (!outbound.closing() && channel.isActive()) {
            outbound.flushPending();
            channel.writeAndFlush(new PingWebSocketFrame());
        }
    }

    @Override
    public void abort() {
        outbound.abort();
    }
}
