package io.xshathra.netty;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Small builders for HTTP responses. */
public final class HttpResponses {
    private HttpResponses() {
    }

    public static FullHttpResponse of(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        if (contentType != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    public static FullHttpResponse json(HttpResponseStatus status, byte[] body) {
        return of(status, "application/json", body);
    }

    public static FullHttpResponse text(HttpResponseStatus status, String body) {
        return of(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    public static FullHttpResponse empty(HttpResponseStatus status) {
        return of(status, null, new byte[0]);
    }

    /** The documented error shape: {@code {"error":{"code":"...","message":"..."}}}. */
    public static FullHttpResponse error(HttpResponseStatus status, String code, String message) {
        String body = "{\"error\":{\"code\":" + quote(code) + ",\"message\":" + quote(message) + "}}";
        return json(status, body.getBytes(StandardCharsets.UTF_8));
    }

    /** 413 with code {@code body_too_large}, naming the limit. */
    public static FullHttpResponse bodyTooLarge(int limit) {
        return error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large", bodyTooLargeMessage(limit));
    }

    static String bodyTooLargeMessage(int limit) {
        return "The request body is larger than " + limit + " bytes.";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
