package io.xshathra.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

/**
 * Right after the HTTP decoder: turns a request the decoder could not parse (bad header name,
 * bad chunk, request line or header block over the limits) or one with too many header fields
 * into an {@link HttpRejection} (400, 414, 431), and drops everything the connection sends after
 * it. Reading stops at once; the rejection is answered in turn and closes the connection.
 *
 * <p>Threading: the channel's event loop.
 */
final class RequestChecks extends ChannelInboundHandlerAdapter {
    private final int maxHeaderCount;
    private boolean rejected;

    RequestChecks(int maxHeaderCount) {
        this.maxHeaderCount = maxHeaderCount;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (rejected) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
            reject(ctx, msg, rejectionFor(o.decoderResult()));
            return;
        }
        if (msg instanceof HttpRequest r && r.headers().size() > maxHeaderCount) {
            reject(ctx, msg, HttpRejection.HEADERS_TOO_LARGE);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void reject(ChannelHandlerContext ctx, Object msg, HttpRejection rejection) {
        rejected = true;
        ReferenceCountUtil.release(msg);
        ctx.channel().config().setAutoRead(false);
        ctx.fireChannelRead(rejection);
    }

    static HttpRejection rejectionFor(DecoderResult result) {
        Throwable cause = result.cause();
        if (cause instanceof TooLongHttpLineException) {
            return HttpRejection.LINE_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpRejection.HEADERS_TOO_LARGE;
        }
        return HttpRejection.MALFORMED;
    }
}
