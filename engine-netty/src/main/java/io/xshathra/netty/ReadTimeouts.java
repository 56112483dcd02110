package io.xshathra.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of the HTTP phase of a connection. A request's head must be complete within
 * {@code readHeaderTimeout} of its first byte (of the accept, for a new connection), its body
 * within {@code readBodyTimeout} of the head, and a keep-alive connection must start its next
 * request within {@code idleTimeout}: each is a total deadline, so trickling bytes does not
 * extend it. While an earlier request of the connection is still being answered, no read deadline
 * runs (the connection is not being read then); it starts afresh when the last answer is out.
 * Each answer must leave within {@code writeTimeout}, or the connection closes: a client that
 * does not read its answers cannot hold it either.
 *
 * <p>A deadline passed in the middle of a request is answered 408 (JSON error) and closes; a
 * silent connection is just closed. The handler sits after the decoder and sees request heads,
 * the last content of each request and the final response of each exchange; {@link #byteWatch()}
 * is a second, tiny handler ahead of the decoder that reports when bytes of a new request arrive.
 * Both leave the pipeline when the connection becomes a WebSocket or an HTTP stream.
 *
 * <p>Threading: the channel's event loop only.
 */
final class ReadTimeouts extends ChannelDuplexHandler {

    /** Where the request being read is. */
    enum Phase { WAITING, HEADERS, BODY, CLOSED }

    private final HttpEdgeSettings limits;
    private final ChannelInboundHandlerAdapter byteWatch = new ByteWatch();
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.WAITING;
    private boolean fresh = true;
    /** Requests whose head was read, and final answers written: the difference is in flight. */
    private long started;
    private long answered;
    private Future<?> timer;
    /** The last final answer written and not yet flushed. */
    private ChannelPromise unsent;

    ReadTimeouts(HttpEdgeSettings limits) {
        this.limits = limits;
    }

    /** The handler to put ahead of the HTTP decoder. */
    ChannelInboundHandlerAdapter byteWatch() {
        return byteWatch;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        rearm();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        phase = Phase.CLOSED;
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        phase = Phase.CLOSED;
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase != Phase.CLOSED) {
            if (msg instanceof HttpRejection r && r.close()) {
                started++;
                phase = Phase.CLOSED;
                cancel();
            } else if (msg instanceof HttpRequest || msg instanceof LastHttpContent) {
                // Only a change of phase restarts a deadline: body bytes do not extend it.
                if (msg instanceof HttpRequest) {
                    started++;
                    fresh = false;
                    phase = Phase.BODY;
                }
                if (msg instanceof LastHttpContent) {
                    phase = Phase.WAITING;
                }
                rearm();
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!isFinalResponse(msg)) {
            ctx.write(msg, promise);
            return;
        }
        ChannelPromise p = promise.unvoid();
        p.addListener(f -> answered());
        unsent = p;
        ctx.write(msg, p);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ctx.flush();
        ChannelPromise p = unsent;
        unsent = null;
        // Most answers leave during the flush; only one that did not gets a write deadline.
        if (p != null && !p.isDone()) {
            ctx.executor().schedule(() -> {
                if (!p.isDone() && ctx.channel().isActive()) {
                    ctx.close();
                }
            }, limits.writeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** The end of an exchange: a full response or the last part of one, but not a 1xx interim answer. */
    static boolean isFinalResponse(Object msg) {
        if (!(msg instanceof LastHttpContent)) {
            return false;
        }
        return !(msg instanceof HttpResponse r) || r.status().codeClass() != HttpStatusClass.INFORMATIONAL
                || r.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code();
    }

    private void answered() {
        answered++;
        rearm();
    }

    private void bytesArrived() {
        if (phase == Phase.WAITING) {
            phase = Phase.HEADERS;
            rearm();
        }
    }

    /** Starts the current phase's deadline afresh, or none while an earlier request is in flight. */
    private void rearm() {
        cancel();
        if (ctx == null || phase == Phase.CLOSED) {
            return;
        }
        long before = phase == Phase.BODY ? started - 1 : started;
        if (answered < before) {
            return;
        }
        Duration d = switch (phase) {
            case WAITING -> fresh ? limits.readHeaderTimeout() : limits.idleTimeout();
            case HEADERS -> limits.readHeaderTimeout();
            default -> limits.readBodyTimeout();
        };
        Phase armed = phase;
        timer = ctx.executor().schedule(() -> expire(armed), d.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expire(Phase armed) {
        timer = null;
        if (phase != armed || !ctx.channel().isActive()) {
            return;
        }
        phase = Phase.CLOSED;
        if (armed == Phase.WAITING) {
            ctx.close();
            return;
        }
        FullHttpResponse timeout = HttpResponses.error(HttpResponseStatus.REQUEST_TIMEOUT, "request_timeout",
                armed == Phase.HEADERS ? "The request headers took too long to arrive."
                        : "The request body took too long to arrive.");
        timeout.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ChannelFuture f = ctx.writeAndFlush(timeout);
        f.addListener(ChannelFutureListener.CLOSE);
    }

    /** Ahead of the decoder: the first bytes after a finished request start the header deadline. */
    private final class ByteWatch extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b && b.isReadable()) {
                bytesArrived();
            }
            ctx.fireChannelRead(msg);
        }
    }
}
