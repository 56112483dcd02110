package io.xshathra.bench.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import io.xshathra.bench.wire.CommandEncoder;
import io.xshathra.bench.wire.Payload;
import io.xshathra.bench.wire.ReplyDecoder;
import io.xshathra.bench.wire.ReplyHandler;
import java.net.BindException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One client connection: sends {@code connect} (+ {@code subscribe}) after the upgrade, answers
 * server pings with pongs when the connect reply asks for them, and reports publications with
 * the time their frame arrived. All state is touched only on the channel's event loop, except
 * {@link #closeGracefully()} and {@link #publish}, which hop onto it.
 */
public final class WsConnection extends SimpleChannelInboundHandler<WebSocketFrame> implements ReplyHandler {

    /** What a scenario hears from a connection, on the connection's event loop. */
    public interface Listener {
        /** Connected (and subscribed when a channel was given); {@code nanos} since {@link #open}. */
        void onReady(WsConnection c, long nanos);

        /** Never became ready. */
        void onFailed(WsConnection c, String reason);

        /** A publication arrived; {@code receivedNanos} is {@link Payload#now()} at frame arrival. */
        default void onPublication(WsConnection c, Payload.Fields p, boolean recognised, long receivedNanos) {
        }

        /** A publish sent by this connection was acknowledged (or failed: {@code code} > 0). */
        default void onPublishReply(WsConnection c, int id, int code, String message) {
        }

        /** Was ready, then lost the connection or the subscription without being asked to close. */
        void onLost(WsConnection c, String reason);
    }

    private enum State { NEW, OPENING, READY, CLOSING, CLOSED }

    private static final int CONNECT_ID = 1;
    private static final int SUBSCRIBE_ID = 2;
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final int index;
    private final String token;
    private final String channelName;
    private final CommandEncoder encoder;
    private final ReplyDecoder decoder;
    private final Listener listener;
    private final String clientName;
    private final int timeoutMillis;
    private volatile Channel channel;
    private volatile State state = State.NEW;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private long startedNanos;
    private long frameNanos;
    private boolean pong;
    private int nextId = SUBSCRIBE_ID + 1;
    private ScheduledFuture<?> readyTimer;
    /** Free for the scenario (e.g. its per-subscriber accounting); read on the event loop. */
    public volatile Object attachment;

    WsConnection(int index, String token, String channelName, CommandEncoder encoder, ReplyDecoder decoder,
                 Listener listener, String clientName, int timeoutMillis) {
        this.index = index;
        this.token = token;
        this.channelName = channelName;
        this.encoder = encoder;
        this.decoder = decoder;
        this.listener = listener;
        this.clientName = clientName;
        this.timeoutMillis = timeoutMillis;
    }

    public int index() {
        return index;
    }

    /** The channel this connection subscribes to, or null. */
    public String channelName() {
        return channelName;
    }

    public boolean ready() {
        return state == State.READY;
    }

    void starting() {
        startedNanos = Payload.now();
        state = State.OPENING;
    }

    void connectFailed(Throwable cause) {
        String reason = cause instanceof BindException
                ? "cannot bind a local port (" + cause.getMessage() + "): ephemeral ports exhausted;"
                        + " use more --source-addresses or wait for TIME_WAIT sockets to expire"
                : "TCP connect failed: " + cause;
        state = State.CLOSED;
        cancelReadyTimer();
        listener.onFailed(this, reason);
        closed.complete(null);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        readyTimer = ctx.executor().schedule(() -> fail("no connect/subscribe reply within "
                + timeoutMillis + " ms"), timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            ByteBuf out = ctx.alloc().buffer(256);
            encoder.connect(out, CONNECT_ID, token, clientName);
            if (channelName != null) {
                encoder.separator(out);
                encoder.subscribe(out, SUBSCRIBE_ID, channelName);
            }
            ctx.writeAndFlush(frame(out));
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            fail("WebSocket upgrade timed out");
        }
        super.userEventTriggered(ctx, evt);
    }

    private WebSocketFrame frame(ByteBuf out) {
        return encoder.binary() ? new BinaryWebSocketFrame(out) : new TextWebSocketFrame(out);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws Exception {
        if (frame instanceof CloseWebSocketFrame close) {
            serverClosed(ctx, close.statusCode(), close.reasonText());
            return;
        }
        if (!(frame instanceof TextWebSocketFrame) && !(frame instanceof BinaryWebSocketFrame)) {
            return;
        }
        frameNanos = Payload.now();
        decoder.decode(frame.content(), this);
    }

    private void serverClosed(ChannelHandlerContext ctx, int code, String reason) {
        if (state == State.CLOSING) {
            // Our close was answered; the server closes TCP first (so TIME_WAIT stays on its side).
            ctx.executor().schedule(() -> ctx.close(), 200, TimeUnit.MILLISECONDS);
            return;
        }
        String why = "server closed the WebSocket: " + code + " " + reason;
        ctx.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(f -> ctx.close());
        fail(why);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (state != State.CLOSING && state != State.CLOSED) {
            fail("connection dropped");
        }
        state = State.CLOSED;
        cancelReadyTimer();
        closed.complete(null);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause instanceof java.io.IOException && cause.getMessage() != null
                ? cause.getMessage() : String.valueOf(cause));
        ctx.close();
    }

    /** Reports a failure once, then closes. */
    private void fail(String reason) {
        State was = state;
        if (was == State.CLOSING || was == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        cancelReadyTimer();
        if (was == State.READY) {
            listener.onLost(this, reason);
        } else {
            listener.onFailed(this, reason);
        }
        if (channel != null) {
            channel.close();
        }
    }

    private void cancelReadyTimer() {
        if (readyTimer != null) {
            readyTimer.cancel(false);
            readyTimer = null;
        }
    }

    private void becomeReady() {
        cancelReadyTimer();
        state = State.READY;
        listener.onReady(this, Payload.now() - startedNanos);
    }

    // ---- ReplyHandler (event loop)

    @Override
    public void onPing() {
        if (pong && state != State.CLOSED) {
            ByteBuf out = channel.alloc().buffer(2);
            encoder.pong(out);
            channel.writeAndFlush(frame(out));
        }
    }

    @Override
    public void onConnected(int id, boolean pong) {
        this.pong = pong;
        if (channelName == null && state == State.OPENING) {
            becomeReady();
        }
    }

    @Override
    public void onResult(int id) {
        if (id == SUBSCRIBE_ID && state == State.OPENING) {
            becomeReady();
        } else if (id > SUBSCRIBE_ID) {
            listener.onPublishReply(this, id, 0, null);
        }
    }

    @Override
    public void onError(int id, int code, String message) {
        if (id == CONNECT_ID) {
            fail("connect refused: " + code + " " + message);
        } else if (id == SUBSCRIBE_ID) {
            fail("subscribe to " + channelName + " refused: " + code + " " + message);
        } else {
            listener.onPublishReply(this, id, code, message);
        }
    }

    @Override
    public void onPublication(Payload.Fields payload, boolean recognised) {
        listener.onPublication(this, payload, recognised, frameNanos);
    }

    @Override
    public void onUnsubscribe(int code, String reason) {
        fail("unsubscribed by the server: " + code + " " + reason);
    }

    @Override
    public void onDisconnect(int code, String reason) {
        fail("disconnected by the server: " + code + " " + reason);
    }

    @Override
    public void onOtherPush() {
        // Join/leave/message pushes are not part of any scenario.
    }

    // ---- called from other threads

    /**
     * Sends one publish to this connection's channel; must be called on its event loop.
     *
     * @return the command id the reply will carry
     */
    public int publish(byte[] data, int length) {
        int id = nextId++;
        ByteBuf out = channel.alloc().buffer(length + channelName.length() + 48);
        encoder.publish(out, id, channelName, data, length);
        channel.writeAndFlush(frame(out));
        return id;
    }

    /** The event loop this connection runs on (null before its socket exists). */
    public io.netty.channel.EventLoop eventLoop() {
        Channel ch = channel;
        return ch == null ? null : ch.eventLoop();
    }

    /**
     * Sends a Close frame and lets the server close TCP first; forces the socket shut after a
     * bound. Completes when the socket is closed.
     */
    public CompletableFuture<Void> closeGracefully() {
        Channel ch = channel;
        if (ch == null) {
            return closed;
        }
        try {
            ch.eventLoop().execute(() -> {
                if (state == State.CLOSED || !ch.isActive()) {
                    state = State.CLOSED;
                    ch.close();
                    return;
                }
                boolean upgraded = state == State.READY;
                state = State.CLOSING;
                cancelReadyTimer();
                if (upgraded) {
                    ch.writeAndFlush(new CloseWebSocketFrame(1000, ""));
                    ch.eventLoop().schedule(() -> ch.close(), CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                } else {
                    ch.close();
                }
            });
        } catch (RejectedExecutionException e) {
            // The event loops are already gone, and with them the socket.
            state = State.CLOSED;
            closed.complete(null);
        }
        return closed;
    }
}
