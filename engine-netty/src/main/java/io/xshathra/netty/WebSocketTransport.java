package io.xshathra.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bidirectional WebSocket transport of one connection. Replies queued during one event-loop
 * turn are flushed together at the end of the turn ({@link FlushBatch}), up to 16 per WebSocket
 * message (JSON joined by newlines, Protobuf concatenated), with a single flush. Data frames are
 * framed here, straight into one pooled buffer per message ({@link Frames}), instead of going
 * through Netty's frame objects and encoder: a fan-out writes one message to thousands of
 * connections, and that path is the server's hottest. A connection whose unsent bytes pass the
 * channel's write-buffer high-water mark ({@code client.queue_max_size}) is closed with 3008, one
 * whose bytes stay unsent longer than {@code websocket.write_timeout} with 3009 ({@link WriteDeadline}).
 *
 * <p>Threading: everything runs on the channel's event loop.
 */
final class WebSocketTransport extends SimpleChannelInboundHandler<WebSocketFrame> implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTransport.class);
    private static final int MAX_MESSAGES_PER_FRAME = 16;
    private static final long CLOSE_WAIT_SECONDS = 5;
    /** Bounds of the frames held while reading is paused (see {@link #hold}). */
    private static final long MAX_HELD_BYTES = 1 << 20;
    private static final int MAX_HELD_FRAMES = 4096;

    private final Node node;
    private final ProtocolType protocol;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private Channel channel;
    private ChannelHandlerContext ctx;
    private ClientSession session;
    private boolean flushScheduled;
    private boolean closing;
    /** The session asked to stop reading ({@link #pauseReading()}). */
    private boolean readPaused;
    /** Data frames that arrived while paused, handed on in order when reading resumes. */
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    private long heldBytes;

    private final java.util.Map<String, java.util.List<String>> query;
    private final Mode mode;
    private final String sessionId;
    private boolean connectSeen;
    /**
     * Data frames built as raw bytes ({@link Frames}); off for unidirectional connections (bare
     * pushes) and for connections that negotiated compression, whose encoder needs frame objects.
     */
    private boolean rawFrames;
    /** A protocol ping was queued on a unidirectional connection: a WebSocket Ping frame goes with it. */
    private boolean framePingDue;

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
        this.node = node;
        this.protocol = protocol;
        this.query = query;
        this.mode = mode;
        this.rawFrames = !mode.unidirectional();
        this.sessionId = mode.unidirectional() ? java.util.UUID.randomUUID().toString() : null;
    }

    @Override
    public boolean unidirectional() {
        return mode.unidirectional();
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
    public String queryParam(String name) {
        java.util.List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        channel = ctx.channel();
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
            if (closing) {
                ctx.close();
                return;
            }
            closing = true;
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                    .addListener(ChannelFutureListener.CLOSE);
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
        pending.clear();
        held.clear();
        heldBytes = 0;
        session.onTransportClosed();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable() && !closing) {
            session.disconnect(Disconnect.SLOW);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            closeWith(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG, ""));
        } else if (cause instanceof CorruptedFrameException) {
            closeWith(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR, ""));
        } else {
            LOG.debug("client {}: connection error: {}", session == null ? "-" : session.id(), cause.toString());
            ctx.close();
        }
    }

    @Override
    public void write(byte[] encodedReply) {
        if (closing) {
            return;
        }
        if (!channel.eventLoop().inEventLoop()) {
            // Off-loop callers break the Transport contract; hop rather than corrupt the queue.
            channel.eventLoop().execute(() -> write(encodedReply));
            return;
        }
        pending.add(encodedReply);
        if (mode.unidirectional() && isPing(encodedReply)) {
            // Plain WebSocket clients cannot answer protocol pings; their library answers Ping frames.
            framePingDue = true;
        }
        if (!flushScheduled) {
            flushScheduled = true;
            FlushBatch.of(channel.eventLoop()).add(this);
        }
    }

    /** The connection negotiated permessage-deflate: frames must reach the compressor as objects. */
    void compressFrames() {
        rawFrames = false;
    }

    /** Writes everything queued, then flushes once; called at the end of the event-loop turn. */
    void flushPending() {
        flushScheduled = false;
        if (pending.isEmpty() || !channel.isActive()) {
            pending.clear();
            return;
        }
        while (!pending.isEmpty()) {
            Object frame = rawFrames ? Frames.dataFrame(ctx.alloc(), protocol, pending, MAX_MESSAGES_PER_FRAME)
                    : nextFrame();
            ctx.write(frame, ctx.voidPromise());
        }
        if (framePingDue) {
            framePingDue = false;
            ctx.write(new PingWebSocketFrame(), ctx.voidPromise());
        }
        ctx.flush();
    }

    private static boolean isPing(byte[] reply) {
        return reply.length == 2 && reply[0] == '{' && reply[1] == '}';
    }

    private WebSocketFrame nextFrame() {
        int n = Math.min(mode.joinPushes() ? MAX_MESSAGES_PER_FRAME : 1, pending.size());
        ByteBuf buf;
        if (mode.unidirectional()) {
            buf = unwrapped(n);
        } else if (n == 1) {
            buf = Unpooled.wrappedBuffer(pending.poll());
        } else {
            int separator = protocol == ProtocolType.JSON ? 1 : 0;
            int size = 0;
            int i = 0;
            for (byte[] b : pending) {
                if (i++ == n) {
                    break;
                }
                size += b.length + separator;
            }
            buf = channel.alloc().buffer(size);
            for (i = 0; i < n; i++) {
                if (i > 0 && separator == 1) {
                    buf.writeByte('\n');
                }
                buf.writeBytes(pending.poll());
            }
        }
        return protocol == ProtocolType.JSON ? new TextWebSocketFrame(buf) : new BinaryWebSocketFrame(buf);
    }

    /** Bare pushes (unidirectional JSON), newline-joined. */
    private ByteBuf unwrapped(int n) {
        if (n == 1) {
            byte[] b = pending.poll();
            int[] span = StreamFraming.unwrapPush(b);
            return Unpooled.wrappedBuffer(b, span[0], span[1]);
        }
        ByteBuf buf = channel.alloc().buffer();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                buf.writeByte('\n');
            }
            byte[] b = pending.poll();
            int[] span = StreamFraming.unwrapPush(b);
            buf.writeBytes(b, span[0], span[1]);
        }
        return buf;
    }

    /** Bytes waited longer than the write timeout ({@link WriteDeadline}). */
    void writeTimedOut() {
        if (!closing) {
            session.disconnect(Disconnect.WRITE_ERROR);
        }
    }

    @Override
    public void close(Disconnect disconnect) {
        if (closing) {
            return;
        }
        boolean stuck = disconnect.code() == Disconnect.WRITE_ERROR.code();
        if (disconnect.code() == Disconnect.SLOW.code() || disconnect.code() == Disconnect.CONNECTION_CLOSED.code()
                || stuck) {
            pending.clear();
        } else {
            flushPending();
        }
        if (disconnect.code() == Disconnect.CONNECTION_CLOSED.code() || stuck) {
            // nothing more can be sent: the peer is gone, or takes no bytes (not even a close frame)
            closing = true;
            channel.close();
            return;
        }
        if (mode.disconnectPush() && disconnect.code() != Disconnect.SLOW.code() && channel.isActive()) {
            channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(disconnectPush(disconnect))));
        }
        closeWith(new CloseWebSocketFrame(disconnect.code(), truncate(disconnect.reason())));
    }

    private static byte[] disconnectPush(Disconnect d) {
        try {
            return io.xshathra.protocol.json.JsonCodec.INSTANCE.encodePush(io.xshathra.protocol.proto.Push.newBuilder()
                    .setDisconnect(io.xshathra.protocol.proto.Disconnect.newBuilder().setCode(d.code())
                            .setReason(d.reason())).build());
        } catch (io.xshathra.protocol.ProtocolException e) {
            throw new IllegalStateException(e);
        }
    }

    private void closeWith(CloseWebSocketFrame frame) {
        closing = true;
        pending.clear();
        if (!channel.isActive()) {
            frame.release();
            return;
        }
        channel.writeAndFlush(frame);
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Close reasons must fit the 123 bytes a close frame allows. The cut backs up to a character
     * boundary: a split character would decode as U+FFFD (3 bytes) and overflow the frame.
     */
    private static String truncate(String reason) {
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        if (b.length <= 123) {
            return reason;
        }
        int end = 123;
        while (end > 0 && (b[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
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
        if (closing) {
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
        while (!readPaused && !held.isEmpty() && !closing) {
            byte[] frame = held.poll();
            heldBytes -= frame.length;
            session.handleFrame(frame);
        }
        if (!readPaused && !closing) {
            held.clear();
            channel.config().setAutoRead(true);
        }
    }

    @Override
    public void sendFramePing() {
        if (!closing && channel.isActive()) {
            flushPending();
            channel.writeAndFlush(new PingWebSocketFrame());
        }
    }

    @Override
    public void abort() {
        closing = true;
        pending.clear();
        channel.close();
    }
}
