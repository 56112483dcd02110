package io.xshathra.bench.scenario;

import com.google.protobuf.ByteString;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.xshathra.protocol.json.JsonCodec;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.ConnectResult;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.PublishResult;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeResult;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny in-process Centrifuge-protocol server (JSON only) for testing the bench end to end:
 * connect, subscribe, client publish, the {@code /api/publish} method, one ping per connection,
 * and knobs that make it lose or reorder publications on purpose.
 */
final class FakeServer implements AutoCloseable {
    /** Drop every n-th publication of each channel (0: never). */
    volatile int dropEvery;
    /** Deliver each channel's publications in swapped pairs (2, 1, 4, 3, ...). */
    volatile boolean swapPairs;
    final AtomicLong pongs = new AtomicLong();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Map<String, Set<Channel>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, long[]> counters = new ConcurrentHashMap<>();
    private final Map<String, byte[]> held = new ConcurrentHashMap<>();
    private final Channel server;

    FakeServer() throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                new Api(), new WebSocketServerProtocolHandler("/connection/websocket"),
                                new Frames());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (group.isShuttingDown()) {
            return;
        }
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Publishes {@code data} to every subscriber of {@code channel}, misbehaving as configured. */
    private synchronized void publish(String channel, byte[] data) {
        long n = ++counters.computeIfAbsent(channel, c -> new long[1])[0];
        if (dropEvery > 0 && n % dropEvery == 0) {
            return;
        }
        if (swapPairs) {
            if (n % 2 == 1) {
                held.put(channel, data);
                return;
            }
            deliver(channel, data);
            deliver(channel, held.remove(channel));
            return;
        }
        deliver(channel, data);
    }

    private void deliver(String channel, byte[] data) {
        byte[] frame = encode(Reply.newBuilder().setPush(Push.newBuilder().setChannel(channel)
                .setPub(Publication.newBuilder().setData(ByteString.copyFrom(data)))).build());
        for (Channel ch : subscribers.getOrDefault(channel, Set.of())) {
            ch.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)));
        }
    }

    private static byte[] encode(Reply reply) {
        try {
            return JsonCodec.INSTANCE.encodeReply(reply);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code POST /api/publish} with the body the bench writes: {"channel":"...","data":...}. */
    private final class Api extends SimpleChannelInboundHandler<FullHttpRequest> {
        Api() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (!req.uri().startsWith("/api/")) {
                ctx.fireChannelRead(req);
                return;
            }
            String body = req.content().toString(StandardCharsets.UTF_8);
            req.release();
            int c = body.indexOf("\"channel\":\"") + 11;
            int d = body.indexOf("\",\"data\":", c);
            publish(body.substring(c, d), body.substring(d + 9, body.length() - 1).getBytes(StandardCharsets.UTF_8));
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer("{\"result\":{}}", StandardCharsets.UTF_8));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
            ctx.writeAndFlush(res);
        }
    }

    /** The client protocol over WebSocket text frames. */
    private final class Frames extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws Exception {
            for (Command cmd : JsonCodec.INSTANCE.decodeCommands(ByteBufUtil.getBytes(frame.content()))) {
                if (cmd.hasConnect()) {
                    reply(ctx, Reply.newBuilder().setId(cmd.getId()).setConnect(ConnectResult.newBuilder()
                            .setClient("c").setPing(25).setPong(true)).build());
                    // One ping right away: the bench must answer it.
                    ctx.writeAndFlush(new TextWebSocketFrame("{}"));
                } else if (cmd.hasSubscribe()) {
                    subscribers.computeIfAbsent(cmd.getSubscribe().getChannel(), k -> ConcurrentHashMap.newKeySet())
                            .add(ctx.channel());
                    reply(ctx, Reply.newBuilder().setId(cmd.getId()).setSubscribe(SubscribeResult.getDefaultInstance())
                            .build());
                } else if (cmd.hasPublish()) {
                    publish(cmd.getPublish().getChannel(), cmd.getPublish().getData().toByteArray());
                    reply(ctx, Reply.newBuilder().setId(cmd.getId()).setPublish(PublishResult.getDefaultInstance())
                            .build());
                } else if (cmd.getId() == 0) {
                    pongs.incrementAndGet();
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            subscribers.values().forEach(s -> s.remove(ctx.channel()));
            super.channelInactive(ctx);
        }

        private void reply(ChannelHandlerContext ctx, Reply reply) {
            ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(encode(reply))));
        }
    }
}
