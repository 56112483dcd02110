package io.xshathra.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * HTTP/1.1 pipelining, one request at a time: a complete request goes on to the router only when
 * the answer to the one before has been written, so answers leave in request order even when a
 * route completes later, and a connection never has more than one request's work under way.
 * When a request arrives while another is in flight the connection stops being read
 * ({@code autoRead} off) until every held request is answered; requests that had already arrived
 * wait here, up to {@code bufferSize} bytes and {@link #MAX_HELD} requests (one is always held).
 * A client that waits for each answer before it sends the next request (the usual keep-alive
 * client) never has its reading switched off and on, which would cost two system calls a request. A request that would pass the bound is dropped with everything after it;
 * the held ones are answered and the connection then closes, which HTTP/1.1 clients take as
 * "retry the rest".
 *
 * <p>An {@link HttpRejection} waits its turn like a request and is answered here.
 *
 * <p>Threading: the channel's event loop only.
 */
final class PipelinedRequests extends ChannelDuplexHandler {
    /** What a request head and its bookkeeping cost beyond the body, for the buffer bound. */
    private static final int REQUEST_OVERHEAD = 256;
    /**
     * Most requests held, whatever their size: below the 128 the HTTP codec itself allows in
     * flight, so the bound here is the one a client meets (answers for what was held, then close).
     */
    static final int MAX_HELD = 100;

    private final int bufferSize;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private int waitingBytes;
    private boolean inFlight;
    /** Set once a request was dropped or a rejection closes: nothing more is taken. */
    private boolean draining;

    PipelinedRequests(int bufferSize) {
        this.bufferSize = bufferSize;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest || msg instanceof HttpRejection)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (draining) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRejection r && r.close()) {
            draining = true;
        }
        if (!inFlight) {
            dispatch(ctx, msg);
            return;
        }
        int size = sizeOf(msg);
        if (!waiting.isEmpty() && (waitingBytes + size > bufferSize || waiting.size() >= MAX_HELD)) {
            ReferenceCountUtil.release(msg);
            draining = true;
            ctx.channel().config().setAutoRead(false);
            return;
        }
        if (waiting.isEmpty()) {
            ctx.channel().config().setAutoRead(false);
        }
        waiting.add(msg);
        waitingBytes += size;
    }

    private void dispatch(ChannelHandlerContext ctx, Object msg) {
        inFlight = true;
        if (msg instanceof HttpRejection r) {
            ctx.writeAndFlush(r.response()).addListener((ChannelFutureListener) f -> {
                if (r.close() || !f.isSuccess()) {
                    ctx.close();
                } else {
                    answered(ctx);
                }
            });
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (inFlight && ReadTimeouts.isFinalResponse(msg)) {
            ChannelPromise p = promise.unvoid();
            p.addListener(f -> {
                if (f.isSuccess()) {
                    answered(ctx);
                } else {
                    ctx.close();
                }
            });
            ctx.write(msg, p);
            return;
        }
        ctx.write(msg, promise);
    }

    /** The answer in flight is written: the next waiting request goes on, or reading resumes. */
    private void answered(ChannelHandlerContext ctx) {
        if (ctx.isRemoved() || !inFlight) {
            return;
        }
        inFlight = false;
        Object next = waiting.poll();
        if (next != null) {
            waitingBytes -= sizeOf(next);
            dispatch(ctx, next);
        } else if (draining) {
            ctx.close();
        } else if (!ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private static int sizeOf(Object msg) {
        return msg instanceof FullHttpRequest r ? REQUEST_OVERHEAD + r.content().readableBytes() : REQUEST_OVERHEAD;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseWaiting();
        // The connection became a WebSocket or a stream: it reads for itself from now on.
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    private void releaseWaiting() {
        Object m;
        while ((m = waiting.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
        waitingBytes = 0;
    }
}
