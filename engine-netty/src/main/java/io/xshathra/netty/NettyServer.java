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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
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
     * Where and how to serve.
     *
     * @param address       the address to bind
     * @param port          the port to bind (0: any free port, see {@link #port()})
     * @param transports    the client connection endpoints
     * @param http          deadlines and limits of the plain HTTP phase ({@link HttpEdge})
     * @param workerThreads event loops for the connections
     */
    public record Options(String address, int port, TransportSettings transports, HttpEdgeSettings http,
                          int workerThreads) {

        /** The bidirectional WebSocket endpoint only, at {@code websocketPaths}, default HTTP limits. */
        public static Options websocket(String address, int port, java.util.Set<String> websocketPaths,
                                        int workerThreads) {
            return new Options(address, port, TransportSettings.websocketOnly(websocketPaths),
                    HttpEdgeSettings.defaults(), workerThreads);
        }
    }

    /**
     * Binds and starts serving the configured connection endpoints, then {@code routes} (tried in
     * order after them); emulation requests for sessions of other nodes go through the node's
     * cluster.
     *
     * @throws ListenException when the address cannot be bound (in use, not local, refused)
     */
    public static NettyServer start(Node node, Options options, List<HttpRoute> routes) throws InterruptedException {
        return start(node, options, routes, null);
    }

    /**
     * As {@link #start(Node, Options, List)}, warming up first: the port is bound (so a taken port
     * fails at once) but accepts no connection until {@code warmup} has run against a second,
     * private listener on a loopback port, with the same handlers and event loops, which is then
     * closed. A client that connects meanwhile waits in the accept backlog.
     *
     * @param warmup given the private listener's port; null for none
     */
    public static NettyServer start(Node node, Options options, List<HttpRoute> routes, IntConsumer warmup)
            throws InterruptedException {
        TransportSettings transports = options.transports();
        HttpEdgeSettings http = options.http();
        LocalEmulationRouter sessions = node.cluster().localSessions();
        EmulationRouter emulation = node.cluster().emulationRouter();
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(options.workerThreads(), io);
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        java.util.Map<String, ConnectionEndpoint> endpoints = Endpoints.of(node, transports, sessions);
        List<HttpRoute> all = Endpoints.routes(node, transports, emulation, routes);
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.AUTO_READ, warmup == null)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        HttpEdge.install(ch.pipeline(), http, MAX_HTTP_BODY, new Router(endpoints, all));
                    }
                });
        try {
            Channel ch = b.bind(new InetSocketAddress(options.address(), options.port())).sync().channel();
            LOG.debug("listening on {} ({})", ch.localAddress(), epoll ? "epoll" : "nio");
            if (warmup != null) {
                warmUp(b, warmup);
                ch.config().setAutoRead(true);
            }
            return new NettyServer(boss, workers, ch);
        } catch (Exception e) {
            // Also the bind's own IOException, which sync() rethrows undeclared: without this the
            // event-loop threads would outlive the failed start and keep the process alive.
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw new ListenException(options.address(), options.port(), e);
        }
    }

    private static void warmUp(ServerBootstrap b, IntConsumer warmup) throws InterruptedException {
        Channel warm;
        try {
            warm = b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        } catch (Exception e) {
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            LOG.debug("no warm-up: cannot listen on loopback: {}", e.toString());
            return;
        }
        try {
            warm.config().setAutoRead(true);
            warmup.accept(((InetSocketAddress) warm.localAddress()).getPort());
        } finally {
            warm.close().sync();
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
