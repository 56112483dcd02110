package io.xshathra.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The write timeout ({@code websocket.write_timeout}): bytes handed to the socket must have left
 * it within the timeout, else the connection is given up ({@code onTimeout}, which closes it
 * with 3009). A peer that stops reading fills its kernel buffers; what it does not take then
 * waits in the channel's outbound buffer, and that is what is watched.
 *
 * <p>It sits first in the pipeline, next to the socket, and counts the outbound buffer's growth
 * caused by each write (exactly what the buffer will subtract once the message is fully
 * written). When a flush leaves bytes waiting, it notes the total queued so far and checks one
 * timeout later that the total sent has reached it; if so and more is waiting, it watches again
 * from there (a byte thus gets between one and two timeouts). Nothing is scheduled while the
 * peer keeps up, and a write costs two reads of the buffer's counter.
 *
 * <p>Threading: the channel's event loop only.
 */
final class WriteDeadline extends ChannelOutboundHandlerAdapter {
    private final long timeoutNanos;
    private final Runnable onTimeout;
    /** Bytes (as the outbound buffer counts them) ever queued on this channel. */
    private long queued;
    /** What {@link #queued} was when the watch started: all of it must be sent by the check. */
    private long target;
    private boolean watching;

    /** @param timeout zero or negative: never time out (the handler is then not needed at all) */
    WriteDeadline(Duration timeout, Runnable onTimeout) {
        this.timeoutNanos = timeout.toNanos();
        this.onTimeout = onTimeout;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        long before = pending(ctx);
        ctx.write(msg, promise);
        queued += Math.max(0, pending(ctx) - before);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ctx.flush();
        if (!watching && pending(ctx) > 0) {
            watch(ctx);
        }
    }

    private void watch(ChannelHandlerContext ctx) {
        watching = true;
        target = queued;
        ctx.executor().schedule(() -> check(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        watching = false;
        if (!ctx.channel().isActive()) {
            return;
        }
        long waiting = pending(ctx);
        if (queued - waiting < target) {
            onTimeout.run();
        } else if (waiting > 0) {
            watch(ctx);
        }
    }

    private static long pending(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
}
