package io.xshathra.controlplane.web;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The one translation between Netty's HTTP objects and {@link WebRequest} / {@link WebResponse},
 * used by the control plane's two route adapters (the customer-backend API's and the console's).
 * Requests are copied, so the router may release its request once the answer is written; header
 * fields keep their order and spelling both ways, so the bytes on the wire are the ones the
 * logic chose.
 */
public final class NettyHttp {

    private NettyHttp() {
    }

    /** Copies the request out (call on the event loop, before the router releases it). */
    public static WebRequest request(FullHttpRequest req, String path, InetSocketAddress peer) {
        HttpHeaders in = req.headers();
        WebHeaders headers = new WebHeaders(in.size());
        for (Map.Entry<String, String> e : in) {
            headers.add(e.getKey(), e.getValue());
        }
        return new WebRequest(req.method().name(), req.uri(), path, headers, ByteBufUtil.getBytes(req.content()), peer);
    }

    /** The response as Netty's, its body wrapping the same bytes (no copy). */
    public static FullHttpResponse response(WebResponse r) {
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(r.status().code()), Unpooled.wrappedBuffer(r.body()));
        HttpHeaders h = out.headers();
        r.headers().forEach(h::add);
        return out;
    }
}
