package io.xshathra.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
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

    /** The loops this server started itself and closes with it; null when the caller owns them. */
    private final ServerLoops ownLoops;
    private final Channel serverChannel;
    /** The open accepted connections, closed with the server even when the loops outlive it. */
    private final ChannelGroup accepted;

    private NettyServer(ServerLoops ownLoops, Channel serverChannel, ChannelGroup accepted) {
        this.ownLoops = ownLoops;
        this.serverChannel = serverChannel;
        this.accepted = accepted;
    }

    /**
     * Where and how to serve.
     *
     * @param address       the address to bind
     * @param port          the port to bind (0: any free port, see {@link #port()})
     * @param transports    the client connection endpoints
     * @param http          deadlines and limits of the plain HTTP phase ({@link HttpEdge})
     * @param workerThreads event loops for the connections (when the server starts its own)
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
     * @param warmup given the private listener's port, or 0 when no loopback listener could be
     *               opened (it is called either way); null for none. Whatever else must be done
     *               before the first client is served runs in it too: an exception it throws
     *               closes the port and fails the start as it is (not as a {@link ListenException})
     */
    public static NettyServer start(Node node, Options options, List<HttpRoute> routes, IntConsumer warmup)
            throws InterruptedException {
        ServerLoops loops = ServerLoops.start(options.workerThreads());
        try {
            return start(node, options, routes, warmup, loops, true);
        } catch (RuntimeException | InterruptedException e) {
            // Without this the event-loop threads would outlive the failed start and keep the process alive.
            loops.close();
            throw e;
        }
    }

    /**
     * As {@link #start(Node, Options, List, IntConsumer)}, on event loops the caller started and
     * closes after this server ({@link Options#workerThreads()} is not used).
     */
    public static NettyServer start(Node node, Options options, List<HttpRoute> routes, IntConsumer warmup,
                                    ServerLoops loops) throws InterruptedException {
        return start(node, options, routes, warmup, loops, false);
    }

    private static NettyServer start(Node node, Options options, List<HttpRoute> routes, IntConsumer warmup,
                                     ServerLoops loops, boolean own) throws InterruptedException {
        TransportSettings transports = options.transports();
        HttpEdgeSettings http = options.http();
        LocalEmulationRouter sessions = node.cluster().localSessions();
        EmulationRouter emulation = node.cluster().emulationRouter();
        java.util.Map<String, ConnectionEndpoint> endpoints = Endpoints.of(node, transports, sessions);
        List<HttpRoute> all = Endpoints.routes(node, transports, emulation, routes);
        ChannelGroup accepted = new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap().group(loops.boss(), loops.workers())
                .channel(loops.serverChannelType())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.AUTO_READ, warmup == null)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.add(ch);
                        HttpEdge.install(ch.pipeline(), http, MAX_HTTP_BODY, new Router(endpoints, all));
                    }
                });
        Channel ch;
        try {
            ch = b.bind(new InetSocketAddress(options.address(), options.port())).sync().channel();
        } catch (Exception e) {
            // Also the bind's own IOException, which sync() rethrows undeclared.
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw new ListenException(options.address(), options.port(), e);
        }
        LOG.debug("listening on {} ({})", ch.localAddress(), loops.epoll() ? "epoll" : "nio");
        if (warmup != null) {
            try {
                warmUp(b, warmup);
            } catch (RuntimeException | InterruptedException e) {
                // The caller's own failure (not the port's): it fails the start as it is.
                ch.close().syncUninterruptibly();
                throw e;
            }
            ch.config().setAutoRead(true);
        }
        return new NettyServer(own ? loops : null, ch, accepted);
    }

    private static void warmUp(ServerBootstrap b, IntConsumer warmup) throws InterruptedException {
        Channel warm;
        try {
            warm = b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        } catch (Exception e) {
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            LOG.debug("no warm-up listener: cannot listen on loopback: {}", e.toString());
            warmup.accept(0);
            return;
        }
        try {
            warm.config().setAutoRead(true);
            warmup.accept(((InetSocketAddress) warm.localAddress()).getPort());
        } finally {
            warm.close().sync();
        }
    }

    /** The connections accepted and still open (for tests). */
    ChannelGroup connections() {
        return accepted;
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
        accepted.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (ownLoops != null) {
            ownLoops.close();
        }
    }
}
