package io.xshathra.netty;

import io.netty.buffer.ByteBufUtil;
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
 * channel's write-buffer high-water mark ({@code client.queue_max_size}) is closed with 3008.
 *
 * <p>Threading: everything runs on the channel's event loop.
 */
final class WebSocketTransport extends SimpleChannelInboundHandler<WebSocketFrame> implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTransport.class);
    private static final int MAX_MESSAGES_PER_FRAME = 16;
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final Node node;
    private final ProtocolType protocol;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private Channel channel;
    private ChannelHandlerContext ctx;
    private ClientSession session;
    private boolean flushScheduled;
    private boolean closing;

    private final java.util.Map<String, java.util.List<String>> query;

    WebSocketTransport(Node node, ProtocolType protocol, java.util.Map<String, java.util.List<String>> query) {
        this.node = node;
        this.protocol = protocol;
        this.query = query;
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
        return "websocket";
    }

    @Override
    public ScheduledExecutorService executor() {
        return channel.eventLoop();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            session.handleFrame(ByteBufUtil.getBytes(frame.content()));
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

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pending.clear();
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
        if (!flushScheduled) {
            flushScheduled = true;
            FlushBatch.of(channel.eventLoop()).add(this);
        }
    }

    /** Writes everything queued, then flushes once; called at the end of the event-loop turn. */
    void flushPending() {
        flushScheduled = false;
        if (pending.isEmpty() || !channel.isActive()) {
            pending.clear();
            return;
        }
        while (!pending.isEmpty()) {
            ctx.write(Frames.dataFrame(ctx.alloc(), protocol, pending, MAX_MESSAGES_PER_FRAME), ctx.voidPromise());
        }
        ctx.flush();
    }

    @Override
    public void close(Disconnect disconnect) {
        if (closing) {
            return;
        }
        if (disconnect.code() == Disconnect.SLOW.code() || disconnect.code() == Disconnect.CONNECTION_CLOSED.code()) {
            pending.clear();
        } else {
            flushPending();
        }
        if (disconnect.code() == Disconnect.CONNECTION_CLOSED.code()) {
            closing = true;
            channel.close();
            return;
        }
        closeWith(new CloseWebSocketFrame(disconnect.code(), truncate(disconnect.reason())));
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
