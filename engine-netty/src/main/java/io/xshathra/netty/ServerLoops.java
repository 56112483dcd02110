package io.xshathra.netty;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The server's event loops: one that accepts and the workers that run the connections. Native
 * epoll on Linux when available, NIO elsewhere.
 *
 * <p>Created apart from the {@link NettyServer} so that the node's outbound clients can run their
 * sockets on the same workers (the Redis engine does): a Redis reply is then read on the loop of
 * the connection that waits for it, and a Pub/Sub message fans out from the loop its subscribers
 * live on, with no thread hand-off either way. Whoever creates the loops closes them, after
 * everything that runs sockets on them.
 *
 * <p>The threads are named {@code xshathra-accept-*} and {@code xshathra-io-*} (the pool's
 * number, then the thread's), so logs, thread dumps and profiles say which loop did what.
 */
public final class ServerLoops implements AutoCloseable {
    private final boolean epoll;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;

    private ServerLoops(int workerThreads) {
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.boss = new MultiThreadIoEventLoopGroup(1, threads("xshathra-accept"), io);
        this.workers = new MultiThreadIoEventLoopGroup(workerThreads, threads("xshathra-io"), io);
    }

    /** Netty's own loop threads (fast thread-locals, not daemons), under our name. */
    private static DefaultThreadFactory threads(String name) {
        return new DefaultThreadFactory(name, false, Thread.MAX_PRIORITY);
    }

    /** Starts the acceptor and {@code workerThreads} worker loops. */
    public static ServerLoops start(int workerThreads) {
        return new ServerLoops(workerThreads);
    }

    /** The loop that accepts connections. */
    EventLoopGroup boss() {
        return boss;
    }

    /** The loops that run the connections (and any client socket registered with them). */
    public EventLoopGroup workers() {
        return workers;
    }

    /** Whether the loops are native epoll ones (else NIO). */
    boolean epoll() {
        return epoll;
    }

    /** The client socket channel type these loops can run. */
    public Class<? extends Channel> socketChannelType() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    Class<? extends ServerChannel> serverChannelType() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Stops the loops, waiting up to two seconds for each group. */
    @Override
    public void close() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
