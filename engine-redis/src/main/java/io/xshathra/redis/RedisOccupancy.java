package io.xshathra.redis;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ValueScanCursor;
import io.xshathra.engine.project.ChannelOccupancy;
import io.xshathra.engine.project.LocalTransitions;
import io.xshathra.engine.project.OccupancyEvents;
import io.xshathra.engine.project.TenantEvents;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster-wide occupancy of project channels in Redis, so that exactly one node reports a
 * channel's {@code channel_occupied} (the first subscriber anywhere) and one its
 * {@code channel_vacated} (the last one anywhere gone).
 *
 * <p>Per channel a set of the node ids holding subscribers of it ({@link RedisKeys#occupied}),
 * changed only by Lua scripts that add or remove one node and answer whether the set went from
 * empty to non-empty or back; the node whose script saw the transition reports it. Each node
 * also lists the channels it registered, per shard ({@link RedisKeys#occupancyNode}), and keeps a
 * heartbeat there ({@link RedisKeys#occupancyNodes}, refreshed every {@code heartbeat}). A node
 * whose heartbeat is older than {@code nodeTtl} is dead: the first live node to notice claims it
 * (atomically, with a lease), removes it from each channel it listed and reports the channels
 * that this emptied as vacated. So the channels of a node that died without cleaning up are
 * vacated {@code nodeTtl} to {@code nodeTtl + heartbeat} after its last heartbeat.
 *
 * <p>Redis unavailable or restarted: a failed registration, or a heartbeat that finds this node
 * unknown (a restarted Redis, or this node was presumed dead), makes the next heartbeat register
 * every channel this node holds again (a channel occupied throughout gets a second
 * {@code channel_occupied} when Redis had lost it); a failed removal is retried then and reports
 * the channel vacated when nobody holds it any more.
 *
 * <p>Thread-safe; {@link #firstLocal}/{@link #lastLocal} only dispatch commands and never block.
 * The heartbeat, the clean-up and the retries run on this object's own thread.
 */
public final class RedisOccupancy implements ChannelOccupancy {
    private static final Logger LOG = LoggerFactory.getLogger(RedisOccupancy.class);
    /** How often a node renews its heartbeat (and retries what failed). */
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** How long after its last heartbeat a node counts as dead. */
    public static final Duration NODE_TTL = Duration.ofSeconds(30);
    /** Most failed removals kept for a retry; the rest are dropped (and counted). */
    static final int MAX_PENDING = 100_000;
    private static final int CLAIM_BATCH = 10;
    private static final int SCAN_BATCH = 200;

    private final ShardRing<RedisShard> ring;
    private final RedisKeys keys;
    private final Clock clock;
    private final OccupancyEvents out;
    private final Duration nodeTtl;
    private final Duration timeout;
    private final String id = UUID.randomUUID().toString();
    private final byte[] idBytes = utf8(id);
    private final LocalTransitions transitions;
    /** Channels whose removal failed and is to be retried (bounded by {@link #MAX_PENDING}). */
    private final Set<String> pendingRemovals = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean dirty;
    private volatile boolean closed;
    private final ScheduledExecutorService thread;

    /** Options of one occupancy tracker; {@code background} false leaves {@link #tick()} to the caller (tests). */
    record Settings(Duration nodeTtl, Duration heartbeat, Duration timeout, boolean background) {
    }

    RedisOccupancy(ShardRing<RedisShard> ring, RedisKeys keys, TenantEvents events, Clock clock, Settings s) {
        this.ring = ring;
        this.keys = keys;
        this.clock = clock;
        this.out = new OccupancyEvents(events, clock);
        this.nodeTtl = s.nodeTtl();
        // the heartbeat thread never waits without a bound, even with the command timeout off
        this.timeout = s.timeout().isZero() || s.timeout().isNegative() ? Duration.ofSeconds(10) : s.timeout();
        this.transitions = new LocalTransitions(this::register, this::unregister);
        if (s.background()) {
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "xshathra-redis-occupancy");
                t.setDaemon(true);
                return t;
            });
            long every = s.heartbeat().toMillis();
            thread.scheduleWithFixedDelay(this::safeTick, 0, every, TimeUnit.MILLISECONDS);
        } else {
            thread = null;
        }
    }

    /** This tracker's node id in Redis (not the engine's node id). */
    String id() {
        return id;
    }

    @Override
    public void firstLocal(String key) {
        transitions.report(key, true);
    }

    @Override
    public void lastLocal(String key) {
        transitions.report(key, false);
    }

    /**
     * Runs under the key's lock: the commands of one key leave in the order of its transitions.
     * A command the client refuses at once (Redis disconnected) is retried by the heartbeat.
     */
    private void register(String key) {
        pendingRemovals.remove(key);
        try {
            send(key);
        } catch (RuntimeException e) {
            failed("register", e);
        }
    }

    private void send(String key) {
        var redis = ring.forChannel(key).commands();
        // The list lives apart from the channel's set (on another master of a Cluster): a listing
        // that failed is retried like a failed registration, or the channel would never be
        // vacated after this node died.
        redis.sadd(keys.occupancyNode(id), utf8(key)).whenComplete((r, e) -> {
            if (e != null) {
                failed("register", e);
            }
        });
        LuaScript.OCCUPANCY_ADD.<Long>run(redis, ScriptOutputType.INTEGER, new byte[][] {keys.occupied(key)}, idBytes)
                .whenComplete((r, e) -> {
                    if (e != null) {
                        failed("register", e);
                    } else if (r == 1L) {
                        out.occupied(key);
                    }
                });
    }

    private void unregister(String key) {
        remove(key, false);
    }

    private void remove(String key, boolean force) {
        try {
            send(key, force);
        } catch (RuntimeException e) {
            retryRemoval(key);
            failed("unregister", e);
        }
    }

    private void retryRemoval(String key) {
        if (pendingRemovals.size() < MAX_PENDING) {
            pendingRemovals.add(key);
        } else {
            dropped.incrementAndGet();
        }
    }

    private void send(String key, boolean force) {
        var redis = ring.forChannel(key).commands();
        LuaScript.OCCUPANCY_REMOVE.<Long>run(redis, ScriptOutputType.INTEGER, new byte[][] {keys.occupied(key)},
                idBytes, utf8(force ? "1" : "0")).whenComplete((r, e) -> {
                    if (e != null) {
                        retryRemoval(key);
                        failed("unregister", e);
                        return;
                    }
                    if (force) {
                        pendingRemovals.remove(key);
                    }
                    if (r == 1L) {
                        out.vacated(key);
                    }
                });
        redis.srem(keys.occupancyNode(id), utf8(key));
    }

    private void failed(String what, Throwable e) {
        dirty = true;
        LOG.debug("occupancy {} failed: {}", what, RedisShard.rootMessage(e));
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            dirty = true;
            LOG.warn("occupancy heartbeat failed: {}", RedisShard.rootMessage(e));
        }
    }

    /**
     * One heartbeat: renews this node's heartbeat on every shard, registers again when that found
     * the node unknown or something failed since, retries failed removals, and cleans up after
     * dead nodes. Blocking (bounded by the command timeout): runs on this tracker's own thread.
     */
    void tick() {
        if (closed) {
            return;
        }
        for (RedisShard shard : ring.all()) {
            Long added = await(shard.commands().zadd(keys.occupancyNodes(),
                    (double) (clock.millis() + nodeTtl.toMillis()), idBytes));
            if (added != null && added == 1L) {
                dirty = true;
            }
        }
        if (dirty) {
            reconcile();
        }
        for (RedisShard shard : ring.all()) {
            sweep(shard);
        }
    }

    /** Registers every held channel again and retries the failed removals. */
    private void reconcile() {
        dirty = false;
        for (String key : transitions.heldKeys()) {
            transitions.locked(key, held -> {
                if (held) {
                    register(key);
                }
            });
        }
        for (String key : List.copyOf(pendingRemovals)) {
            transitions.locked(key, held -> {
                if (held) {
                    pendingRemovals.remove(key);
                } else {
                    remove(key, true);
                }
            });
        }
        if (dropped.get() > 0) {
            LOG.warn("occupancy: {} channel removals were dropped while Redis was unavailable", dropped.getAndSet(0));
        }
    }

    /** Claims the shard's dead nodes and removes each from the channels it listed. */
    private void sweep(RedisShard shard) {
        long now = clock.millis();
        List<Object> claimed = await(LuaScript.OCCUPANCY_CLAIM.<List<Object>>run(shard.commands(),
                ScriptOutputType.MULTI, new byte[][] {keys.occupancyNodes()}, utf8(Long.toString(now)),
                utf8(Long.toString(now + nodeTtl.toMillis())), utf8(Integer.toString(CLAIM_BATCH)), idBytes));
        if (claimed == null) {
            return;
        }
        for (Object o : claimed) {
            String dead = new String((byte[]) o, StandardCharsets.UTF_8);
            LOG.info("occupancy: node {} stopped its heartbeat; vacating its channels", dead);
            cleanUp(shard, dead);
        }
    }

    /** Removes {@code node} from every channel it listed on {@code shard}, reporting the emptied ones. */
    private void cleanUp(RedisShard shard, String node) {
        byte[] index = keys.occupancyNode(node);
        byte[] nodeBytes = utf8(node);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            ValueScanCursor<byte[]> page = await(shard.commands().sscan(index, cursor, ScanArgs.Builder.limit(SCAN_BATCH)));
            if (page == null) {
                return;
            }
            List<CompletableFuture<Void>> batch = new ArrayList<>();
            for (byte[] k : page.getValues()) {
                String key = new String(k, StandardCharsets.UTF_8);
                batch.add(LuaScript.OCCUPANCY_REMOVE.<Long>run(ring.forChannel(key).commands(), ScriptOutputType.INTEGER,
                        new byte[][] {keys.occupied(key)}, nodeBytes, utf8("0")).thenAccept(r -> {
                            if (r == 1L) {
                                out.vacated(key);
                            }
                        }).toCompletableFuture());
            }
            if (!awaitAll(batch)) {
                // the claim's lease runs out and a node tries again (removals are idempotent)
                return;
            }
            cursor = page;
        } while (!cursor.isFinished());
        await(shard.commands().del(index));
        await(shard.commands().zrem(keys.occupancyNodes(), nodeBytes));
    }

    private boolean awaitAll(List<CompletableFuture<Void>> batch) {
        CompletableFuture<Void> all = CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new));
        try {
            all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            failed("clean-up", e);
            return false;
        }
    }

    private <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            failed("heartbeat", e);
            return null;
        }
    }

    /** The Pub/Sub connection came back (Redis may have restarted): register again at the next heartbeat. */
    void resumed() {
        dirty = true;
    }

    /**
     * Stops the heartbeat and cleans up after this node as if it had died, reporting the channels
     * only this node still held as vacated (normally none: sessions closed before).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (thread != null) {
            thread.shutdownNow();
        }
        for (RedisShard shard : ring.all()) {
            try {
                cleanUp(shard, id);
            } catch (RuntimeException e) {
                LOG.debug("occupancy clean-up on close failed: {}", RedisShard.rootMessage(e));
            }
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
