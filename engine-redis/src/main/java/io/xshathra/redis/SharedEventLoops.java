package io.xshathra.redis;

import io.lettuce.core.resource.DefaultEventLoopGroupProvider;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.lettuce.core.resource.Transports;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Gives Lettuce the server's own event loops for its sockets, when they can run the socket type
 * Lettuce chose (both native epoll, or both NIO); any other request gets loops of Lettuce's own.
 *
 * <p>On a shared loop a command sent from a connection's loop is written at once, its reply is read
 * and completed on that same loop, and a Pub/Sub message is handed to the hub from the loop that
 * reads it: no thread wakes another on the way. Lettuce never shuts the shared loops down; their
 * owner does, after the engine is closed.
 */
final class SharedEventLoops implements EventLoopGroupProvider {
    private final EventLoopGroup loops;
    private final Class<? extends Channel> socketType;
    private final EventLoopGroupProvider own;

    /**
     * @param loops      the server's worker loops
     * @param socketType the client socket channel type those loops run
     * @param ownThreads threads of the loops Lettuce starts for itself when the types differ
     */
    SharedEventLoops(EventLoopGroup loops, Class<? extends Channel> socketType, int ownThreads) {
        this.loops = loops;
        this.socketType = socketType;
        this.own = new DefaultEventLoopGroupProvider(ownThreads);
    }

    /** Whether Lettuce's sockets will run on the shared loops. */
    boolean sharing() {
        return Transports.socketChannelClass() == socketType;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        // Lettuce asks by group type but registers a Transports.socketChannelClass() channel.
        return sharing() ? (T) loops : own.allocate(type);
    }

    @Override
    public int threadPoolSize() {
        return own.threadPoolSize();
    }

    @Override
    public Future<Boolean> release(EventExecutorGroup group, long quietPeriod, long timeout, TimeUnit unit) {
        return group == loops ? ImmediateEventExecutor.INSTANCE.newSucceededFuture(true)
                : own.release(group, quietPeriod, timeout, unit);
    }

    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
        return own.shutdown(quietPeriod, timeout, unit);
    }
}
