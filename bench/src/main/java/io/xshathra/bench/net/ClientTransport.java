package io.xshathra.bench.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

/**
 * The client event loops (epoll when available, NIO otherwise) and the source addresses client
 * sockets are bound to. Created first and closed last by a scenario.
 */
public final class ClientTransport implements AutoCloseable {
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelClass;
    private final String name;
    private final InetAddress[] sources;

    /**
     * @param threads         event loop threads
     * @param sourceAddresses how many loopback source addresses (127.0.0.1..127.0.0.N) client
     *                        sockets are spread over; 1 lets the kernel choose
     */
    public ClientTransport(int threads, int sourceAddresses) {
        IoHandlerFactory factory;
        if (Epoll.isAvailable()) {
            factory = EpollIoHandler.newFactory();
            channelClass = EpollSocketChannel.class;
            name = "epoll";
        } else {
            factory = NioIoHandler.newFactory();
            channelClass = NioSocketChannel.class;
            name = "nio";
        }
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench-io", true), factory);
        sources = sourceAddresses <= 1 ? new InetAddress[0] : loopbackRange(sourceAddresses);
    }

    private static InetAddress[] loopbackRange(int n) {
        InetAddress[] out = new InetAddress[n];
        for (int i = 0; i < n; i++) {
            try {
                out[i] = InetAddress.getByAddress(new byte[] {127, 0, (byte) ((i + 1) >> 8), (byte) (i + 1)});
            } catch (UnknownHostException e) {
                throw new IllegalStateException("four bytes are always an address", e);
            }
        }
        return out;
    }

    public EventLoopGroup group() {
        return group;
    }

    public Class<? extends SocketChannel> channelClass() {
        return channelClass;
    }

    /** {@code epoll} or {@code nio}. */
    public String name() {
        return name;
    }

    /** The local address socket {@code index} binds before connecting, or null for the kernel's choice. */
    public InetSocketAddress source(int index) {
        return sources.length == 0 ? null : new InetSocketAddress(sources[Math.floorMod(index, sources.length)], 0);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
