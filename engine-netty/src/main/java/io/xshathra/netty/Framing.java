package io.xshathra.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.xshathra.protocol.Disconnect;
import java.util.ArrayDeque;

/**
 * How one connection's {@link Outbound} puts encoded messages on the wire: WebSocket data frames
 * ({@link WebSocketFraming}, text or binary, optionally through the permessage-deflate encoder) or
 * chunks of a streaming HTTP response ({@link StreamFraming}: JSON lines, varint Protobuf, SSE).
 * Messages arrive ready for the connection (replies, pushes in its push format); a framing only
 * groups and delimits them, it never looks inside.
 *
 * <p>Threading: the channel's event loop only.
 */
interface Framing {

    /**
     * Writes every queued message, in order, as the fewest units the wire allows (frames of at
     * most a framing-specific number of messages, or one chunk), with {@code ctx.write} and void
     * promises; the caller flushes once afterwards. Leaves {@code queue} empty.
     */
    void writeBatch(ChannelHandlerContext ctx, ArrayDeque<byte[]> queue);

    /**
     * Whether this framing's units are plain bytes that no handler of the pipeline changes, so
     * that {@link #writeRaw} may put them on the socket directly; false by default.
     */
    default boolean raw() {
        return false;
    }

    /**
     * Writes every queued message, framed as {@link #writeBatch} would, as bytes into {@code out}
     * when they all fit in its writable bytes; otherwise returns false and leaves {@code queue}
     * and {@code out} as they were. Only called when {@link #raw()}.
     */
    default boolean writeRaw(ArrayDeque<byte[]> queue, ByteBuf out) {
        return false;
    }

    /** The last message of the connection for a disconnect: a close frame, or the last chunk. */
    Object end(Disconnect disconnect);

    /**
     * Whether the channel closes once {@link #end} is written (a response just ends) or waits for
     * the peer's part of a closing handshake (WebSocket); at most five seconds either way.
     */
    boolean closeWhenEndWritten();

    /**
     * Whether a slow consumer is still sent {@link #end} (a WebSocket close frame with 3008 behind
     * the bytes it has not read) or dropped at once (streams: an ended response tells the client
     * nothing more than a dropped one).
     */
    boolean endsSlowConsumers();

    /**
     * Whether the disconnect push shares the batch of the last queued messages (one chunk), or
     * is written as a unit of its own after them (its own WebSocket frame).
     */
    boolean disconnectPushInBatch();
}
