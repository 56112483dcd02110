package io.xshathra.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.xshathra.engine.Node;
import io.xshathra.engine.emulation.EmulationRouter;
import io.xshathra.engine.emulation.LocalEmulationRouter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one listening port: HTTP/1.1 with WebSocket upgrades. Native epoll on Linux when
 * available, NIO elsewhere. Plain HTTP requests pass the {@link HttpEdge} (deadlines, limits,
 * one request in flight per connection) before the router.
 */
public final class NettyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NettyServer.class);
    /** Largest HTTP request body accepted (API calls, console forms). */
    public static final int MAX_HTTP_BODY = 1024 * 1024;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;

    private NettyServer(EventLoopGroup boss, EventLoopGroup workers, Channel serverChannel) {
        this.boss = boss;
        this.workers = workers;
        this.serverChannel = serverChannel;
    }

    /**
     * Binds and starts serving.
     *
     * @param websocketPaths paths of the WebSocket endpoint (empty: WebSocket disabled)
     * @param routes HTTP routes after the WebSocket endpoints, tried in order
     */
    public static NettyServer start(Node node, String address, int port, java.util.Set<String> websocketPaths,
                                    List<HttpRoute> routes, int workerThreads) throws InterruptedException {
        return start(node, address, port, TransportSettings.websocketOnly(websocketPaths), routes, workerThreads);
    }

    /**
     * Binds and starts serving the configured connection endpoints; emulation requests for
     * sessions of other nodes go through the node's cluster.
     */
    public static NettyServer start(Node node, String address, int port, TransportSettings transports,
                                    List<HttpRoute> routes, int workerThreads) throws InterruptedException {
        return start(node, address, port, transports, HttpEdgeSettings.defaults(), routes, workerThreads);
    }

    /**
     * Binds and starts serving the configured connection endpoints with the given HTTP limits;
     * emulation requests for sessions of other nodes go through the node's cluster.
     */
    public static NettyServer start(Node node, String address, int port, TransportSettings transports,
                                    HttpEdgeSettings http, List<HttpRoute> routes, int workerThreads)
            throws InterruptedException {
        return start(node, address, port, transports, http, node.cluster().localSessions(),
                node.cluster().emulationRouter(), routes, workerThreads);
    }

    /**
     * Binds and starts serving with the default HTTP limits.
     *
     * @param transports   the client connection endpoints
     * @param sessions     where this node's emulation streams register
     * @param emulation    routes emulation requests (to {@code sessions}, or to another node)
     * @param routes       HTTP routes after the connection endpoints, tried in order
     */
    public static NettyServer start(Node node, String address, int port, TransportSettings transports,
                                    LocalEmulationRouter sessions, EmulationRouter emulation,
                                    List<HttpRoute> routes, int workerThreads) throws InterruptedException {
        return start(node, address, port, transports, HttpEdgeSettings.defaults(), sessions, emulation, routes,
                workerThreads);
    }

    /**
     * Binds and starts serving.
     *
     * @param transports   the client connection endpoints
     * @param http         deadlines and limits of the plain HTTP phase ({@link HttpEdge})
     * @param sessions     where this node's emulation streams register
     * @param emulation    routes emulation requests (to {@code sessions}, or to another node)
     * @param routes       HTTP routes after the connection endpoints, tried in order
     */
    public static NettyServer start(Node node, String address, int port, TransportSettings transports,
                                    HttpEdgeSettings http, LocalEmulationRouter sessions, EmulationRouter emulation,
                                    List<HttpRoute> routes, int workerThreads) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(workerThreads, io);
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        java.util.Map<String, ConnectionEndpoint> endpoints = Endpoints.of(node, transports, sessions);
        List<HttpRoute> all = Endpoints.routes(node, transports, emulation, routes);
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        HttpEdge.install(ch.pipeline(), http, MAX_HTTP_BODY, new Router(endpoints, all));
                    }
                });
        try {
            Channel ch = b.bind(new InetSocketAddress(address, port)).sync().channel();
            LOG.info("listening on {} ({})", ch.localAddress(), epoll ? "epoll" : "nio");
            return new NettyServer(boss, workers, ch);
        } catch (RuntimeException | InterruptedException e) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops accepting new connections; existing ones stay until {@link #close()}. */
    public void stopAccepting() {
        serverChannel.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
