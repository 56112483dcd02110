package io.xshathra.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtocolType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * WebSocket data frames for one connection: text for JSON, binary for Protobuf, up to
 * {@link #perFrame} messages per frame (JSON joined by newlines, Protobuf concatenated, as the
 * Centrifuge protocol allows). By default frames are built as raw bytes straight into one pooled
 * buffer ({@link Frames}), without Netty's frame objects, encoder or promises, or all of a batch
 * into the buffer its {@link Outbound} sends to the socket directly ({@link #writeRaw}): a
 * fan-out writes one message to thousands of connections and that path is the server's hottest. A connection
 * that negotiated permessage-deflate gets frame objects instead ({@link #compressed()}), which the
 * compressor needs; so do unidirectional ones (pushes one per frame unless joining is allowed).
 * Ends with a close frame carrying the disconnect's code and reason, and waits for the peer's.
 *
 * <p>State: whether a WebSocket Ping frame is due after the batch ({@link #pingWithBatch()}).
 * Threading: the channel's event loop only.
 */
final class WebSocketFraming implements Framing {
    static final int MAX_MESSAGES_PER_FRAME = 16;
    /** Longest close reason a control frame can carry, in UTF-8 bytes. */
    private static final int MAX_REASON_BYTES = 123;

    private final ProtocolType protocol;
    private final int perFrame;
    private boolean raw;
    private boolean pingDue;

    private WebSocketFraming(ProtocolType protocol, int perFrame, boolean raw) {
        this.protocol = protocol;
        this.perFrame = perFrame;
        this.raw = raw;
    }

    /** A bidirectional connection: raw frames of up to 16 messages. */
    static WebSocketFraming bidirectional(ProtocolType protocol) {
        return new WebSocketFraming(protocol, MAX_MESSAGES_PER_FRAME, true);
    }

    /** A unidirectional connection: one push per frame, or up to 16 when {@code join}. */
    static WebSocketFraming unidirectional(ProtocolType protocol, boolean join) {
        return new WebSocketFraming(protocol, join ? MAX_MESSAGES_PER_FRAME : 1, false);
    }

    /** The connection negotiated permessage-deflate: frames must reach the compressor as objects. */
    void compressed() {
        raw = false;
    }

    /** A WebSocket Ping frame follows the next batch (for clients that cannot answer protocol pings). */
    void pingWithBatch() {
        pingDue = true;
    }

    @Override
    public void writeBatch(ChannelHandlerContext ctx, ArrayDeque<byte[]> queue) {
        while (!queue.isEmpty()) {
            Object frame = raw ? Frames.dataFrame(ctx.alloc(), protocol, queue, perFrame) : nextFrame(ctx, queue);
            ctx.write(frame, ctx.voidPromise());
        }
        if (pingDue) {
            pingDue = false;
            ctx.write(new PingWebSocketFrame(), ctx.voidPromise());
        }
    }

    @Override
    public boolean raw() {
        return raw;
    }

    @Override
    public boolean writeRaw(ArrayDeque<byte[]> queue, ByteBuf out) {
        if (!raw || !Frames.allFrames(out, protocol, queue, perFrame, pingDue ? Frames.PING_BYTES : 0)) {
            return false;
        }
        if (pingDue) {
            pingDue = false;
            Frames.ping(out);
        }
        return true;
    }

    private Object nextFrame(ChannelHandlerContext ctx, ArrayDeque<byte[]> queue) {
        int n = Math.min(perFrame, queue.size());
        ByteBuf buf;
        if (n == 1) {
            buf = Unpooled.wrappedBuffer(queue.poll());
        } else {
            boolean json = protocol == ProtocolType.JSON;
            int size = json ? -1 : 0;
            int i = 0;
            for (byte[] b : queue) {
                if (i++ == n) {
                    break;
                }
                size += b.length + (json ? 1 : 0);
            }
            buf = ctx.alloc().buffer(size);
            for (i = 0; i < n; i++) {
                if (i > 0 && json) {
                    buf.writeByte('\n');
                }
                buf.writeBytes(queue.poll());
            }
        }
        return protocol == ProtocolType.JSON ? new TextWebSocketFrame(buf) : new BinaryWebSocketFrame(buf);
    }

    @Override
    public Object end(Disconnect disconnect) {
        return new CloseWebSocketFrame(disconnect.code(), truncate(disconnect.reason()));
    }

    @Override
    public boolean closeWhenEndWritten() {
        return false;
    }

    @Override
    public boolean endsSlowConsumers() {
        return true;
    }

    @Override
    public boolean disconnectPushInBatch() {
        return false;
    }

    /**
     * Close reasons must fit the 123 bytes a close frame allows. The cut backs up to a character
     * boundary: a split character would decode as U+FFFD (3 bytes) and overflow the frame.
     */
    static String truncate(String reason) {
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_REASON_BYTES) {
            return reason;
        }
        int end = MAX_REASON_BYTES;
        while (end > 0 && (b[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }
}
