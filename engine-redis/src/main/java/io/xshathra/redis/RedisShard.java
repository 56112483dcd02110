package io.xshathra.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.RedisClient;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis deployment the engine talks to (a standalone server, a Sentinel-managed master, or
 * a whole Cluster): a command connection and a dedicated Pub/Sub connection.
 *
 * <p>The shard remembers every Pub/Sub channel it was asked to subscribe and subscribes them all
 * again whenever its Pub/Sub connection comes back, and whenever {@link #replacePubSub()} swaps
 * in a new one. Messages are delivered only from the current connection, so they reach the sink
 * from one thread at a time, in Redis' order.
 */
final class RedisShard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisShard.class);

    /** Receives the messages of the shard's Pub/Sub connection. */
    interface Sink {
        void message(RedisShard shard, byte[] channel, byte[] payload);

        /** The Pub/Sub connection came back or was replaced: messages may have been lost. */
        void resumed(RedisShard shard);
    }

    private final String label;
    private final AbstractRedisClient client;
    private final StatefulConnection<byte[], byte[]> connection;
    private final RedisClusterAsyncCommands<byte[], byte[]> commands;
    private final Sink sink;
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> pubSub;

    /** A Pub/Sub channel name usable as a set member. */
    private record Channel(byte[] name) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Channel c && Arrays.equals(name, c.name);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(name);
        }
    }

    private RedisShard(String label, AbstractRedisClient client, StatefulConnection<byte[], byte[]> connection,
                       RedisClusterAsyncCommands<byte[], byte[]> commands, Sink sink) {
        this.label = label;
        this.client = client;
        this.connection = connection;
        this.commands = commands;
        this.sink = sink;
    }

    /**
     * Connects; throws {@link RedisUnavailableException} naming {@code label} when Redis does not
     * answer within the connect timeout.
     */
    static RedisShard connect(String label, List<RedisURI> uris, boolean cluster, RedisEngineOptions o,
                              ClientResources resources, Sink sink) {
        TimeoutOptions timeouts = TimeoutOptions.enabled(o.ioTimeout());
        SocketOptions socket = SocketOptions.builder().connectTimeout(o.connectTimeout()).build();
        AbstractRedisClient client;
        try {
            if (cluster) {
                RedisClusterClient c = RedisClusterClient.create(resources, uris);
                // node connections open lazily: commands wait for them (bounded by the command timeout)
                c.setOptions(ClusterClientOptions.builder().autoReconnect(true).timeoutOptions(timeouts)
                        .socketOptions(socket).build());
                client = c;
                var conn = c.connect(ByteArrayCodec.INSTANCE);
                RedisShard shard = new RedisShard(label, c, conn, conn.async(), sink);
                shard.installPubSub(c.connectPubSub(ByteArrayCodec.INSTANCE));
                return shard;
            }
            RedisClient c = RedisClient.create(resources, uris.get(0));
            c.setOptions(ClientOptions.builder().autoReconnect(true).timeoutOptions(timeouts).socketOptions(socket)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
            client = c;
            var conn = c.connect(ByteArrayCodec.INSTANCE);
            RedisShard shard = new RedisShard(label, c, conn, conn.async(), sink);
            c.addListener(shard.reconnectListener());
            shard.installPubSub(c.connectPubSub(ByteArrayCodec.INSTANCE));
            return shard;
        } catch (RuntimeException e) {
            throw new RedisUnavailableException("cannot connect to " + label + ": " + rootMessage(e), e);
        }
    }

    /** The innermost cause's message, with any Redis URI password in it masked: it goes to logs. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : Redaction.text(t.getMessage());
    }

    private RedisConnectionStateListener reconnectListener() {
        return new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                if (handler == pubSub) {
                    LOG.info("Pub/Sub connection to {} is back: subscribing {} channels again", label,
                            channels.size());
                    resubscribe(pubSub);
                    sink.resumed(RedisShard.this);
                }
            }
        };
    }

    private void installPubSub(StatefulRedisPubSubConnection<byte[], byte[]> conn) {
        conn.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                if (conn == pubSub) {
                    sink.message(RedisShard.this, channel, message);
                }
            }
        });
        pubSub = conn;
        resubscribe(conn);
    }

    private void resubscribe(StatefulRedisPubSubConnection<byte[], byte[]> conn) {
        byte[][] all = channels.stream().map(Channel::name).toArray(byte[][]::new);
        if (all.length > 0) {
            conn.async().subscribe(all).exceptionally(e -> {
                LOG.warn("resubscribing on {} failed: {}", label, rootMessage(e));
                return null;
            });
        }
    }

    /** Subscribes the Pub/Sub connection; the stage completes when Redis confirmed. */
    CompletionStage<Void> subscribe(byte[] channel) {
        channels.add(new Channel(channel));
        return pubSub.async().subscribe(channel);
    }

    CompletionStage<Void> unsubscribe(byte[] channel) {
        channels.remove(new Channel(channel));
        return pubSub.async().unsubscribe(channel);
    }

    /**
     * Opens a new Pub/Sub connection, subscribes every remembered channel there, and closes the
     * old one (which may be silently dead). Blocking: call it off the event loops.
     */
    synchronized void replacePubSub() {
        StatefulRedisPubSubConnection<byte[], byte[]> old = pubSub;
        StatefulRedisPubSubConnection<byte[], byte[]> fresh = client instanceof RedisClusterClient c
                ? c.connectPubSub(ByteArrayCodec.INSTANCE)
                : ((RedisClient) client).connectPubSub(ByteArrayCodec.INSTANCE);
        installPubSub(fresh);
        old.closeAsync();
        sink.resumed(this);
        LOG.warn("replaced the Pub/Sub connection to {} and subscribed {} channels again", label, channels.size());
    }

    RedisClusterAsyncCommands<byte[], byte[]> commands() {
        return commands;
    }

    /** The current Pub/Sub connection (tests use it to break it behind the shard's back). */
    StatefulRedisPubSubConnection<byte[], byte[]> pubSubConnection() {
        return pubSub;
    }

    boolean connected() {
        return connection.isOpen() && pubSub.isOpen();
    }

    String label() {
        return label;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static <T> CompletionStage<T> failed(Throwable e) {
        return CompletableFuture.failedFuture(e);
    }

    @Override
    public void close() {
        try {
            pubSub.close();
            connection.close();
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
