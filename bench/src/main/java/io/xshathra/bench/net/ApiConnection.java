package io.xshathra.bench.net;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One keep-alive HTTP/1.1 connection to the server API with at most one request in flight (so
 * requests on one connection reach the server in the order they were sent). Confined to its
 * event loop: call {@link #post} there.
 */
public final class ApiConnection extends SimpleChannelInboundHandler<FullHttpResponse> {

    /** What a scenario hears, on the connection's event loop. */
    public interface Listener {
        /** The connection is open and idle. */
        void onOpen(ApiConnection c);

        /**
         * The reply to the request in flight: HTTP {@code status}, and the API error code and
         * message when the body was {@code {"error":...}} (code 0 on success).
         */
        void onResponse(ApiConnection c, int status, int errorCode, String errorMessage);

        /** The connection failed or closed; no more responses will come. */
        void onClosed(ApiConnection c, String reason);
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final AsciiString API_KEY = AsciiString.cached("X-API-Key");

    private final int index;
    private final Endpoint api;
    private final AsciiString apiKey;
    private final AsciiString host;
    private final Listener listener;
    private final int timeoutMillis;
    private Channel channel;
    private ScheduledFuture<?> timer;
    private boolean closedReported;

    private ApiConnection(int index, Endpoint api, String apiKey, Listener listener, int timeoutMillis) {
        this.index = index;
        this.api = api;
        this.apiKey = apiKey == null ? null : new AsciiString(apiKey);
        this.host = new AsciiString(api.hostHeader());
        this.listener = listener;
        this.timeoutMillis = timeoutMillis;
    }

    /** Opens a connection; the listener hears {@code onOpen} or {@code onClosed}. */
    public static ApiConnection open(ClientTransport transport, int index, Endpoint api, String apiKey,
                                     Listener listener, int timeoutMillis) {
        ApiConnection c = new ApiConnection(index, api, apiKey, listener, timeoutMillis);
        new Bootstrap().group(transport.group()).channel(transport.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), c);
                    }
                })
                .connect(api.address(), transport.source(index))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        c.closed("cannot connect to " + api.uri() + ": " + f.cause());
                    }
                });
        return c;
    }

    public int index() {
        return index;
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        listener.onOpen(this);
        super.channelActive(ctx);
    }

    /** POSTs {@code body} (released by Netty) to {@code <api>/<method>}. One request at a time. */
    public void post(String method, ByteBuf body) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                api.pathWith(method), body);
        HttpHeaders h = req.headers();
        h.set(HttpHeaderNames.HOST, host);
        h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (apiKey != null) {
            h.set(API_KEY, apiKey);
        }
        timer = channel.eventLoop().schedule(() -> {
            closed("no API response within " + timeoutMillis + " ms");
            channel.close();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        channel.writeAndFlush(req, channel.voidPromise());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        int status = res.status().code();
        int code = 0;
        String message = null;
        if (status == 200) {
            try {
                long[] codeOut = new long[1];
                message = apiError(res.content(), codeOut);
                code = (int) codeOut[0];
            } catch (IOException e) {
                code = -1;
                message = "unreadable API response: " + e.getMessage();
            }
        }
        listener.onResponse(this, status, code, message);
    }

    /** Null for {@code {"result":...}}; the error's message (and its code in {@code code[0]}) otherwise. */
    static String apiError(ByteBuf body, long[] code) throws IOException {
        try (JsonParser p = JSON.createParser((java.io.InputStream) new ByteBufInputStream(body.duplicate()))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            String message = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("error".equals(name) && value == JsonToken.START_OBJECT) {
                    message = "";
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        p.nextToken();
                        if ("code".equals(field)) {
                            code[0] = p.getLongValue();
                        } else if ("message".equals(field)) {
                            message = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            return message;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closed("the server closed the API connection");
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closed("API connection error: " + cause);
        ctx.close();
    }

    private void closed(String reason) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (!closedReported) {
            closedReported = true;
            listener.onClosed(this, reason);
        }
    }

    /** Closes the socket; no {@code onClosed} is reported for a close the scenario asked for. */
    public void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.eventLoop().execute(() -> {
                closedReported = true;
                ch.close();
            });
        }
    }
}
