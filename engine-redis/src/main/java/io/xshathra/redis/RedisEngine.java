package io.xshathra.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis engine of one node: connects every shard, and builds the {@link RedisBroker}, the
 * {@link RedisPresenceManager} and the node-to-node channel on them.
 *
 * <p>A liveness probe runs on its own thread: every {@code probeInterval} the node publishes to
 * its own probe channel on each shard, through the command connection, and expects the message
 * back on the shard's Pub/Sub connection. A probe not back within {@code probeTimeout} means the
 * Pub/Sub connection stopped delivering although it looks open, and it is replaced (all channels
 * subscribed again). {@link #healthy()} is false while a shard's connections are down, its
 * probes fail, or its Pub/Sub connection is being replaced.
 */
public final class RedisEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisEngine.class);
    /** Lettuce's own I/O threads when the engine does not run on the server's event loops. */
    private static final int OWN_IO_THREADS = 2;

    private final RedisEngineOptions options;
    private final ClientResources resources;
    private final RedisKeys keys;
    private final String probeChannel;
    private final ShardRing<RedisShard> ring;
    private final Map<RedisShard, Probe> probes = new ConcurrentHashMap<>();
    private volatile RedisBroker broker;
    private final RedisPresenceManager presence;
    private final ScheduledExecutorService probeThread;
    private volatile Consumer<byte[]> controlHandler = m -> { };
    /** Occupancy trackers built on this engine, told when a shard's Pub/Sub connection comes back. */
    private final List<RedisOccupancy> occupancies = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Probe bookkeeping of one shard; touched by the probe thread and the delivery thread. */
    private static final class Probe {
        /** When the oldest probe not yet seen back was sent (nanoTime), 0 = none outstanding. */
        volatile long pendingSince;
        volatile boolean commandsOk = true;
    }

    private RedisEngine(RedisEngineOptions options, Clock clock, SharedEventLoops loops) {
        this.options = options;
        this.keys = new RedisKeys(options.prefix(), options.cluster());
        this.probeChannel = options.prefix() + ".probe." + UUID.randomUUID();
        DefaultClientResources.Builder builder = DefaultClientResources.builder().computationThreadPoolSize(2);
        if (loops != null) {
            builder.eventLoopGroupProvider(loops);
        } else {
            builder.ioThreadPoolSize(OWN_IO_THREADS);
        }
        // reconnect quickly (at most a second between attempts) so a restarted Redis is back in use at once
        this.resources = builder.reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        List<RedisShard> shards = new ArrayList<>();
        try {
            for (Target t : targets(options)) {
                RedisShard shard = RedisShard.connect(t.label, t.uris, options.cluster(), options, resources,
                        new RedisShard.Sink() {
                            @Override
                            public void message(RedisShard s, byte[] channel, byte[] payload) {
                                onMessage(s, channel, payload);
                            }

                            @Override
                            public void resumed(RedisShard s) {
                                RedisBroker b = broker;
                                if (b != null) {
                                    b.interrupted();
                                }
                                occupancies.forEach(RedisOccupancy::resumed);
                            }
                        });
                shards.add(shard);
                probes.put(shard, new Probe());
                shard.subscribe(probeChannel.getBytes(StandardCharsets.UTF_8)).toCompletableFuture().join();
            }
            shards.get(0).subscribe(keys.control()).toCompletableFuture().join();
        } catch (RuntimeException e) {
            shards.forEach(RedisShard::close);
            resources.shutdown();
            throw e;
        }
        this.ring = new ShardRing<>(shards);
        this.broker = new RedisBroker(ring, keys, clock);
        this.presence = new RedisPresenceManager(ring, keys, clock, options.presenceTtl());
        this.probeThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "xshathra-redis-probe");
            t.setDaemon(true);
            return t;
        });
        long every = options.probeInterval().toMillis();
        probeThread.scheduleWithFixedDelay(this::probeAll, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects to every configured shard; throws {@link RedisUnavailableException} naming the
     * address and its configuration key when one does not answer.
     */
    public static RedisEngine start(RedisEngineOptions options, Clock clock) {
        return new RedisEngine(options, clock, null);
    }

    /**
     * As {@link #start(RedisEngineOptions, Clock)}, with the Redis sockets on the server's own
     * event loops when those can run the socket type Lettuce uses ({@code socketType}): replies
     * and Pub/Sub messages are then read on a loop of the server, with no thread hand-off. The
     * caller closes the loops after this engine.
     */
    public static RedisEngine start(RedisEngineOptions options, Clock clock, EventLoopGroup loops,
                                    Class<? extends Channel> socketType) {
        SharedEventLoops shared = new SharedEventLoops(loops, socketType, OWN_IO_THREADS);
        RedisEngine engine = new RedisEngine(options, clock, shared);
        LOG.debug("Redis sockets on the server's event loops: {}", shared.sharing());
        return engine;
    }

    private record Target(String label, List<RedisURI> uris) {
    }

    private static List<Target> targets(RedisEngineOptions o) {
        List<Target> out = new ArrayList<>();
        if (o.cluster()) {
            out.add(new Target(o.describe(), o.clusterAddresses().stream().map(a -> RedisUris.parse(a, o)).toList()));
        } else if (o.sentinel()) {
            out.add(new Target(o.describe(), List.of(RedisUris.sentinel(o))));
        } else {
            for (String a : o.addresses()) {
                out.add(new Target("Redis " + Redaction.address(a) + " (engine.redis.address)",
                        List.of(RedisUris.parse(a, o))));
            }
        }
        return out;
    }

    private void onMessage(RedisShard shard, byte[] channel, byte[] payload) {
        String name = new String(channel, StandardCharsets.UTF_8);
        if (name.equals(probeChannel)) {
            probes.get(shard).pendingSince = 0;
            return;
        }
        if (Arrays.equals(channel, keys.control())) {
            controlHandler.accept(payload);
            return;
        }
        String ch = keys.channelOf(channel);
        if (ch != null) {
            broker.deliver(ch, payload);
        }
    }

    private void probeAll() {
        for (RedisShard shard : ring.all()) {
            try {
                probe(shard, probes.get(shard));
            } catch (RuntimeException e) {
                LOG.warn("probe of {} failed: {}", shard.label(), RedisShard.rootMessage(e));
            }
        }
    }

    private void probe(RedisShard shard, Probe p) {
        long now = System.nanoTime();
        long pending = p.pendingSince;
        if (pending != 0 && now - pending > options.probeTimeout().toNanos() && p.commandsOk) {
            LOG.warn("no probe came back from {} within {}: replacing its Pub/Sub connection",
                    shard.label(), options.probeTimeout());
            p.pendingSince = 0;
            shard.replacePubSub();
            return;
        }
        shard.commands().publish(probeChannel.getBytes(StandardCharsets.UTF_8), new byte[] {'p'})
                .whenComplete((n, e) -> {
                    p.commandsOk = e == null;
                    if (e == null && p.pendingSince == 0) {
                        p.pendingSince = now;
                    }
                });
    }

    /** True while every shard is connected and its Pub/Sub connection delivers. */
    public boolean healthy() {
        long now = System.nanoTime();
        for (RedisShard shard : ring.all()) {
            Probe p = probes.get(shard);
            long pending = p.pendingSince;
            if (!shard.connected() || !p.commandsOk
                    || (pending != 0 && now - pending > options.probeTimeout().toNanos())) {
                return false;
            }
        }
        return true;
    }

    /**
     * A map broker keeping map subscription state in this engine's Redis, its key expiry run on
     * {@code scheduler} (null: the caller runs {@link RedisMapBroker#sweep()}).
     */
    public RedisMapBroker mapBroker(java.util.concurrent.ScheduledExecutorService scheduler, Clock clock,
                                    io.xshathra.engine.config.MapBrokerConfig config) {
        return new RedisMapBroker(ring, keys, broker, clock, scheduler, config);
    }

    /**
     * Cluster-wide occupancy of project channels on this engine's Redis, reporting into
     * {@code events}; with its own heartbeat thread. The caller closes it before this engine.
     */
    public RedisOccupancy occupancy(io.xshathra.engine.project.TenantEvents events, Clock clock) {
        return occupancy(events, clock, new RedisOccupancy.Settings(RedisOccupancy.NODE_TTL, RedisOccupancy.HEARTBEAT,
                options.ioTimeout(), true));
    }

    /** As {@link #occupancy(io.xshathra.engine.project.TenantEvents, Clock)} with explicit settings (tests). */
    RedisOccupancy occupancy(io.xshathra.engine.project.TenantEvents events, Clock clock, RedisOccupancy.Settings s) {
        RedisOccupancy o = new RedisOccupancy(ring, keys, events, clock, s);
        occupancies.add(o);
        return o;
    }

    public RedisBroker broker() {
        return broker;
    }

    /**
     * Stamps every publication with the time it was published, so that receiving nodes can
     * apply {@code client.channel_position_max_time_lag}; call once, before publishing.
     */
    public void stampPublishTimes(boolean on) {
        broker.stampPublishTimes(on);
    }

    public RedisPresenceManager presence() {
        return presence;
    }

    public RedisKeys keys() {
        return keys;
    }

    /** Receives every message of the cluster-wide control channel (this node's own included). */
    public void setControlHandler(Consumer<byte[]> handler) {
        this.controlHandler = handler;
    }

    /** Publishes on the cluster-wide control channel. */
    public CompletionStage<Void> publishControl(byte[] message) {
        return ring.all().get(0).commands().publish(keys.control(), message).thenApply(n -> null);
    }

    /** The shards, in configuration order (tests reach their connections through them). */
    List<RedisShard> shards() {
        return ring.all();
    }

    public String describe() {
        return options.describe();
    }

    @Override
    public void close() {
        probeThread.shutdownNow();
        for (RedisShard s : ring.all()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.debug("closing {}: {}", s.label(), RedisShard.rootMessage(e));
            }
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
