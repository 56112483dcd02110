package io.xshathra.bench.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.xshathra.bench.wire.CommandEncoder;
import io.xshathra.bench.wire.ReplyDecoder;
import io.xshathra.protocol.ProtocolType;

/**
 * Opens client WebSocket connections that speak the Centrifuge protocol to one endpoint.
 * Thread-safe.
 */
public final class WsConnector {
    static final int MAX_FRAME = 1 << 20;
    private static final String CLIENT_NAME = "xshathra-bench";

    private final ClientTransport transport;
    private final Endpoint endpoint;
    private final ProtocolType protocol;
    private final CommandEncoder encoder;
    private final ReplyDecoder decoder;
    private final int timeoutMillis;

    /**
     * @param timeoutMillis bound on TCP connect, the upgrade, and the connect/subscribe replies
     */
    public WsConnector(ClientTransport transport, Endpoint endpoint, ProtocolType protocol, int timeoutMillis) {
        this.transport = transport;
        this.endpoint = endpoint;
        this.protocol = protocol;
        this.encoder = CommandEncoder.of(protocol);
        this.decoder = ReplyDecoder.of(protocol);
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Starts one connection: TCP, upgrade, then {@code connect} (and {@code subscribe} when
     * {@code channel} is not null) in one frame. The listener hears how it goes.
     *
     * @param index   the connection's number, used for its source address and in reports
     * @param token   connection token or null
     * @param channel channel to subscribe to, or null
     */
    public WsConnection open(int index, String token, String channel, WsConnection.Listener listener) {
        WsConnection connection = new WsConnection(index, token, channel, encoder, decoder, listener,
                CLIENT_NAME, timeoutMillis);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(endpoint.uri())
                .version(WebSocketVersion.V13)
                .subprotocol(protocol == ProtocolType.PROTOBUF ? "centrifuge-protobuf" : null)
                .allowExtensions(false)
                .maxFramePayloadLength(MAX_FRAME)
                // Centrifugo's default allowed_origins rejects any request carrying Origin.
                .generateOriginHeader(false)
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(timeoutMillis)
                .absoluteUpgradeUrl(false)
                // Checking the server's UTF-8 costs the load generator CPU and is not what it measures.
                .withUTF8Validator(false)
                .build();
        Bootstrap bootstrap = new Bootstrap()
                .group(transport.group())
                .channel(transport.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                                new WebSocketClientProtocolHandler(config),
                                new WebSocketFrameAggregator(MAX_FRAME), connection);
                    }
                });
        connection.starting();
        ChannelFuture f = bootstrap.connect(endpoint.address(), transport.source(index));
        f.addListener(done -> {
            if (!done.isSuccess()) {
                connection.connectFailed(done.cause());
            }
        });
        return connection;
    }
}
