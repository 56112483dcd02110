package io.xshathra.netty;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request the edge refused before any route saw it (malformed, head too large, body too
 * large). It travels up the pipeline in the request's place so that it is answered in order
 * with the requests before it.
 *
 * @param status  the HTTP status (400, 413, 414, 431)
 * @param code    the snake_case error code of the JSON body
 * @param message a fixed sentence; never echoes what the client sent
 * @param close   whether the answer closes the connection: always after a request that could
 *                not be parsed (the bytes after it cannot be trusted to start a new one); after
 *                a too-large body only when its end cannot be found cheaply
 */
record HttpRejection(HttpResponseStatus status, String code, String message, boolean close) {

    static final HttpRejection MALFORMED = new HttpRejection(HttpResponseStatus.BAD_REQUEST, "bad_request",
            "The request is not valid HTTP/1.1.", true);
    static final HttpRejection LINE_TOO_LONG = new HttpRejection(HttpResponseStatus.REQUEST_URI_TOO_LONG,
            "uri_too_long", "The request line is too long.", true);
    static final HttpRejection HEADERS_TOO_LARGE = new HttpRejection(
            HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large",
            "The request headers are too large or too many.", true);

    static HttpRejection bodyTooLarge(int limit, boolean close) {
        return new HttpRejection(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large",
                HttpResponses.bodyTooLargeMessage(limit), close);
    }

    /** The JSON error answer, with {@code Connection: close} when it closes the connection. */
    FullHttpResponse response() {
        FullHttpResponse r = HttpResponses.error(status, code, message);
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return r;
    }
}
