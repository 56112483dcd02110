package io.xshathra.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Aggregates a request and its body up to a limit. An oversized request (by its
 * {@code Content-Length}, or by the bytes of a chunked body) does not get Netty's empty 413:
 * an {@link HttpRejection} takes its place in the request order, so the answer carries the
 * documented JSON error ({@code body_too_large}) after the requests before it are answered. As
 * with Netty's own answer, the connection stays open when the request announced its length and
 * asked for keep-alive (the rest of the body is read and dropped, within the body-read deadline),
 * and closes otherwise. A request that expects {@code 100-continue} and announces too much gets
 * the same answer instead of the interim one, and the connection closes: whether its body follows
 * is then up to the client, so the next request could not be found reliably.
 */
final class BodyLimit extends HttpObjectAggregator {
    private final int limit;

    BodyLimit(int limit) {
        super(limit, true);
        this.limit = limit;
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        if (HttpUtil.is100ContinueExpected(start) && HttpUtil.getContentLength(start, -1L) > maxContentLength) {
            // No interim answer: the aggregator then treats it as oversized (handleOversizedMessage).
            return null;
        }
        return super.newContinueResponse(start, maxContentLength, pipeline);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        boolean close = oversized instanceof FullHttpMessage
                || HttpUtil.is100ContinueExpected(oversized)
                || !HttpUtil.isKeepAlive(oversized)
                || HttpUtil.isTransferEncodingChunked(oversized);
        ctx.fireChannelRead(HttpRejection.bodyTooLarge(limit, close));
    }
}
