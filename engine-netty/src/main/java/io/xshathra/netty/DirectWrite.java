package io.xshathra.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.Socket;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;

/**
 * The short way from a connection's batch to its socket ({@link Outbound}): when nothing waits
 * in the channel's outbound buffer, the batch is framed into one buffer per event loop and sent
 * with a single system call, without the pipeline's write and flush, the outbound buffer's
 * entries and counters, or a buffer allocated and freed per connection. Below saturation almost
 * every delivery goes this way: a connection's socket has room for what it gets between two
 * flushes. What the socket does not take (it is full, or the write failed) is copied into a
 * pooled buffer and goes through the pipeline as usual, so everything after it queues behind it
 * in order, and the write timeout ({@link WriteDeadline}), the high-water mark and the error path
 * (the channel closes) see it as any other write.
 *
 * <p>Only where bytes are bytes: an epoll socket channel (its file descriptor is Netty's
 * {@link Socket}), a framing whose units are raw bytes ({@link Framing#raw()}: not once
 * permessage-deflate is negotiated), and a pipeline whose outbound handlers between the transport
 * and the socket pass raw buffers through unchanged: the WebSocket frame encoder (which only
 * encodes frame objects) and {@link WriteDeadline} (which only counts what waits). Anything else
 * there, a TLS handler say, keeps the connection on the pipeline.
 *
 * <p>Threading: the channel's event loop only; the buffer is the loop thread's own.
 */
final class DirectWrite {
    /** The event loop's framing buffer: batches larger than this take the pipeline. */
    static final int BUFFER_BYTES = 64 * 1024;
    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(true, true);
    private static final FastThreadLocal<ByteBuf> BUFFER = new FastThreadLocal<>() {
        @Override
        protected ByteBuf initialValue() {
            return ALLOC.directBuffer(BUFFER_BYTES, BUFFER_BYTES);
        }

        @Override
        protected void onRemoval(ByteBuf value) {
            value.release();
        }
    };

    private DirectWrite() {
    }

    /**
     * The socket of a channel that can be written directly, or null: not an epoll socket, or its
     * buffers have no memory address.
     */
    static Socket socketOf(Channel channel) {
        if (channel instanceof EpollSocketChannel c && c.fd() instanceof Socket s && BUFFER.get().hasMemoryAddress()) {
            return s;
        }
        return null;
    }

    /**
     * Whether every outbound handler between the socket and {@code ctx}'s handler passes raw
     * buffers through unchanged (see the class comment).
     */
    static boolean pipelinePassesBytes(ChannelHandlerContext ctx) {
        for (var entry : ctx.pipeline()) {
            ChannelHandler h = entry.getValue();
            if (h == ctx.handler()) {
                return true;
            }
            if (h instanceof ChannelOutboundHandler && !(h instanceof WebSocket08FrameEncoder)
                    && !(h instanceof WriteDeadline)) {
                return false;
            }
        }
        return false;
    }

    /** Whether nothing waits in the channel's outbound buffer, flushed or not. */
    static boolean nothingWaiting(Channel channel) {
        ChannelOutboundBuffer b = channel.unsafe().outboundBuffer();
        return b != null && b.isEmpty() && b.totalPendingWriteBytes() == 0;
    }

    /** The calling event loop's framing buffer, empty. */
    static ByteBuf buffer() {
        return BUFFER.get().clear();
    }

    /**
     * Sends {@code out} (the loop's buffer) on {@code socket}; hands what the socket does not take
     * to the pipeline at {@code ctx} and flushes it.
     */
    static void send(ChannelHandlerContext ctx, Socket socket, ByteBuf out) {
        int length = out.readableBytes();
        int sent;
        try {
            sent = socket.sendAddress(out.memoryAddress(), out.readerIndex(), out.writerIndex());
        } catch (IOException e) {
            // The pipeline's own write meets the same error and closes the channel its usual way.
            sent = 0;
        }
        if (sent < length) {
            ByteBuf rest = ctx.alloc().directBuffer(length - sent);
            rest.writeBytes(out, out.readerIndex() + sent, length - sent);
            ctx.write(rest, ctx.voidPromise());
            ctx.flush();
        }
    }
}
