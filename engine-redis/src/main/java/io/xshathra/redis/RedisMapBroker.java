package io.xshathra.redis;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lettuce.core.ScriptOutputType;
import io.xshathra.engine.broker.BrokerEventHandler;
import io.xshathra.engine.broker.HistoryResult;
import io.xshathra.engine.broker.MapBroker;
import io.xshathra.engine.broker.MapKeyMode;
import io.xshathra.engine.broker.MapLimitException;
import io.xshathra.engine.broker.MapPublishOptions;
import io.xshathra.engine.broker.MapStateQuery;
import io.xshathra.engine.broker.MapStateResult;
import io.xshathra.engine.broker.MapUpdateResult;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.broker.UnrecoverablePositionException;
import io.xshathra.engine.config.MapBrokerConfig;
import io.xshathra.engine.config.MapOptions;
import io.xshathra.engine.util.Epochs;
import io.xshathra.protocol.proto.Publication;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MapBroker} of many nodes: each map channel's state (a hash of entries, a sorted set
 * of keys for paging, a sorted set of expiry times), change stream and position live in Redis,
 * and a change is stored, appended and published by one Lua script, so every node sees a
 * channel's changes in offset order. Changes travel on the channel's ordinary Pub/Sub channel
 * in the {@link RedisBroker}'s payload formats, so subscribing, delivery and delta forms are the
 * Redis broker's own (a channel is either a stream or a map, never both).
 *
 * <p>Key TTLs are measured on the injected clock. A worker on every node runs every
 * {@link MapBrokerConfig#cleanupInterval()} (never when negative) and removes the due keys of the
 * channels each shard lists as expiring, at most {@link MapBrokerConfig#cleanupBatchSize()} per
 * channel per script run (the Lua script makes each removal happen once, whichever node gets there
 * first), handing on their removals.
 *
 * <p>With {@link MapBrokerConfig#skipPubSub()} writes, removals and expiries still update the state
 * and the stream but publish nothing, and {@link #subscribe} fails: this node has no Pub/Sub to
 * receive changes on, so its clients cannot subscribe to map channels.
 */
public final class RedisMapBroker implements MapBroker {
    private static final Logger LOG = LoggerFactory.getLogger(RedisMapBroker.class);
    private static final byte[] EMPTY = new byte[0];
    /** Most script runs (of a batch each) that one channel gets per worker run, as Centrifugo drains. */
    private static final int EXPIRE_RUNS_PER_CHANNEL = 10;
    /**
     * Meta TTL of a channel that a read created and nothing was written to yet, in maps whose
     * metadata is otherwise kept forever: clients subscribing to names nobody writes to leave
     * nothing behind for long.
     */
    private static final Duration READ_CREATED_META_TTL = Duration.ofMinutes(10);

    private final ShardRing<RedisShard> ring;
    private final RedisKeys keys;
    private final RedisBroker broker;
    private final Clock clock;
    private final int keysPerChannel;
    private final int expireBatch;
    private final long idempotencyTtlMillis;
    private final boolean skipPubSub;
    private final ScheduledFuture<?> sweeper;

    RedisMapBroker(ShardRing<RedisShard> ring, RedisKeys keys, RedisBroker broker, Clock clock,
                   ScheduledExecutorService scheduler, MapBrokerConfig config) {
        this.ring = ring;
        this.keys = keys;
        this.broker = broker;
        this.clock = clock;
        this.keysPerChannel = Math.max(1, config.keysPerChannel());
        this.expireBatch = Math.max(1, config.cleanupBatchSize());
        this.idempotencyTtlMillis = Math.max(1, config.idempotentResultTtl().toMillis());
        this.skipPubSub = config.skipPubSub();
        long every = Math.max(1, config.cleanupInterval().toMillis());
        this.sweeper = scheduler == null || config.cleanupInterval().isNegative() ? null
                : scheduler.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Changes reach the handler of the Redis broker, which receives the channels' Pub/Sub messages. */
    @Override
    public void setEventHandler(BrokerEventHandler handler) {
        broker.setEventHandler(handler);
    }

    /** Fails with {@code skip_pub_sub}: there is no Pub/Sub to deliver the channel's changes. */
    @Override
    public CompletionStage<Void> subscribe(String channel) {
        return skipPubSub ? CompletableFuture.failedFuture(new IllegalStateException(
                "map broker Pub/Sub is off (map_broker.redis.skip_pub_sub)")) : broker.subscribe(channel);
    }

    @Override
    public CompletionStage<Void> unsubscribe(String channel) {
        return skipPubSub ? CompletableFuture.completedFuture(null) : broker.unsubscribe(channel);
    }

    @Override
    public CompletionStage<MapUpdateResult> publish(String channel, String key, MapPublishOptions o, MapOptions map) {
        Publication.Builder change = Publication.newBuilder().setKey(key).setData(o.data()).putAllTags(o.tags());
        if (o.info() != null) {
            change.setInfo(o.info());
        }
        String mode = switch (o.keyMode()) {
            case REPLACE -> "";
            case IF_NEW -> "if_new";
            case IF_EXISTS -> "if_exists";
        };
        return update(channel, key, change.build().toByteArray(), false, mode, o.refreshTtlOnSuppress(),
                o.version(), o.versionEpoch(), o.idempotencyKey(), o.delta(), map);
    }

    @Override
    public CompletionStage<MapUpdateResult> remove(String channel, String key, String idempotencyKey,
                                                   java.util.Map<String, String> tags, MapOptions map) {
        // Without tags given, a removal here carries none (the script does not read the entry's).
        Publication.Builder b = Publication.newBuilder().setKey(key).setRemoved(true);
        if (tags != null) {
            b.putAllTags(tags);
        }
        byte[] removal = b.build().toByteArray();
        return update(channel, key, removal, true, "", false, 0, "", idempotencyKey, false, map);
    }

    @SuppressWarnings("java:S107") // the script's arguments, in its order
    private CompletionStage<MapUpdateResult> update(String channel, String key, byte[] change, boolean remove,
                                                    String keyMode, boolean refresh, long version, String versionEpoch,
                                                    String idempotencyKey, boolean delta, MapOptions map) {
        RedisShard shard = ring.forChannel(channel);
        byte[][] parts = keys.map(channel);
        boolean idem = idempotencyKey != null && !idempotencyKey.isEmpty();
        byte[][] k = {parts[0], parts[1], parts[2], parts[3], parts[4], parts[5],
                keys.mapResult(channel, idem ? idempotencyKey : "")};
        long now = clock.millis();
        long keyTtl = map.mode().hasExpiry() ? map.keyTtl().toMillis() : 0;
        CompletionStage<List<Object>> run = LuaScript.MAP_UPDATE.run(shard.commands(), ScriptOutputType.MULTI, k,
                utf8(key), change, num(remove ? 1 : 0), utf8(keyMode), num(refresh ? 1 : 0), num(version),
                utf8(versionEpoch == null ? "" : versionEpoch), num(map.mode().hasStream() ? 1 : 0),
                num(map.effectiveStreamSize()), num(seconds(map.effectiveStreamTtl())),
                num(metaTtlSeconds(map)), num(keyTtl), num(now), utf8(Epochs.generate()),
                pubSub(channel), idem ? num(idempotencyTtlMillis) : EMPTY, num(delta ? 1 : 0),
                num(keysPerChannel), Publication.newBuilder().setTime(now).build().toByteArray());
        return run.handle((r, e) -> {
            if (e != null) {
                String m = e.getMessage() == null ? "" : e.getMessage();
                throw m.contains("most keys") ? new MapLimitException("map channel holds its most keys ("
                        + keysPerChannel + ")") : new java.util.concurrent.CompletionException(e);
            }
            String reason = RedisBroker.asString(r.get(2));
            StreamPosition pos = new StreamPosition(RedisBroker.asLong(r.get(0)), RedisBroker.asString(r.get(1)));
            if (!reason.isEmpty()) {
                return new MapUpdateResult(pos, true, reason);
            }
            if (keyTtl > 0 && !remove) {
                markExpiring(shard, channel, now + keyTtl, map);
            }
            return new MapUpdateResult(pos, false, "");
        });
    }

    /** Lists the channel as expiring on its shard (unless listed already), with its stream settings. */
    private void markExpiring(RedisShard shard, String channel, long dueAt, MapOptions map) {
        byte[] name = utf8(channel);
        String settings = (map.mode().hasStream() ? 1 : 0) + ":" + map.effectiveStreamSize() + ":"
                + seconds(map.effectiveStreamTtl()) + ":" + seconds(map.effectiveMetaTtl());
        shard.commands().hset(keys.mapExpiringOptions(), name, utf8(settings));
        shard.commands().zadd(keys.mapExpiring(), io.lettuce.core.ZAddArgs.Builder.nx(), (double) dueAt, name);
    }

    @Override
    public CompletionStage<MapStateResult> readState(String channel, MapStateQuery query, MapOptions map) {
        return read(channel, "state", query.cursor(), Math.max(1, query.limit()), map).thenCompose(r -> {
            StreamPosition pos = position(r);
            StreamPosition revision = query.revision();
            if (revision != null && !revision.epoch().equals(pos.epoch())) {
                return CompletableFuture.failedFuture(new UnrecoverablePositionException(channel));
            }
            List<Publication> entries = new ArrayList<>();
            for (Object o : (List<?>) r.get(2)) {
                entries.add(entry((byte[]) o));
            }
            return CompletableFuture.completedFuture(new MapStateResult(entries, pos, RedisBroker.asString(r.get(3))));
        });
    }

    @Override
    public CompletionStage<HistoryResult> readStream(String channel, StreamPosition since, int limit, MapOptions map) {
        String from = since == null ? "-" : (since.offset() + 1) + "-0";
        boolean none = limit == 0 || !map.mode().hasStream();
        return read(channel, none ? "top" : "stream", from, Math.max(limit, 0), map).thenCompose(r -> {
            StreamPosition top = position(r);
            if (since != null && !since.epoch().isEmpty() && !since.epoch().equals(top.epoch())) {
                return CompletableFuture.failedFuture(new UnrecoverablePositionException(channel));
            }
            List<Publication> pubs = new ArrayList<>();
            for (Object o : (List<?>) r.get(2)) {
                List<?> pair = (List<?>) o;
                String id = RedisBroker.asString(pair.get(0));
                long offset = Long.parseLong(id.substring(0, id.indexOf('-')));
                pubs.add(parse((byte[]) pair.get(1)).toBuilder().setOffset(offset).build());
            }
            boolean lost = since != null && !none && since.offset() < top.offset()
                    && (pubs.isEmpty() || pubs.get(0).getOffset() > since.offset() + 1);
            if (lost) {
                return CompletableFuture.failedFuture(new UnrecoverablePositionException(channel));
            }
            return CompletableFuture.completedFuture(new HistoryResult(pubs, top));
        });
    }

    @Override
    public CompletionStage<MapStateResult> readKey(String channel, String key, StreamPosition revision,
                                                   MapOptions map) {
        return read(channel, "key", key, 1, map).thenCompose(r -> {
            StreamPosition pos = position(r);
            if (revision != null && !revision.epoch().equals(pos.epoch())) {
                return CompletableFuture.failedFuture(new UnrecoverablePositionException(channel));
            }
            List<Publication> entries = new ArrayList<>(1);
            for (Object o : (List<?>) r.get(2)) {
                entries.add(entry((byte[]) o));
            }
            return CompletableFuture.completedFuture(new MapStateResult(entries, pos, ""));
        });
    }

    @Override
    public CompletionStage<Integer> stats(String channel, MapOptions map) {
        return read(channel, "count", "", 0, map).thenApply(r -> (int) Long.parseLong(RedisBroker.asString(r.get(3))));
    }

    /** Deletes every part of the channel (one slot: the parts share the channel's hash tag). */
    @Override
    public CompletionStage<Void> clear(String channel, MapOptions map) {
        RedisShard shard = ring.forChannel(channel);
        byte[] name = utf8(channel);
        shard.commands().zrem(keys.mapExpiring(), name);
        shard.commands().hdel(keys.mapExpiringOptions(), name);
        return shard.commands().del(keys.map(channel)).thenApply(n -> null);
    }

    private CompletionStage<List<Object>> read(String channel, String what, String from, int limit, MapOptions map) {
        byte[][] parts = keys.map(channel);
        return LuaScript.MAP_READ.run(ring.forChannel(channel).commands(), ScriptOutputType.MULTI,
                new byte[][] {parts[0], parts[1], parts[2], parts[4], parts[5]}, utf8(what), utf8(from), num(limit),
                num(clock.millis()), utf8(Epochs.generate()), num(metaTtlSeconds(map)),
                num(READ_CREATED_META_TTL.toSeconds()));
    }

    /**
     * The meta TTL in effect; an ephemeral map has no stream, so its position lives as long as
     * its keys do.
     */
    private static long metaTtlSeconds(MapOptions map) {
        return map.mode().hasStream() ? seconds(map.effectiveMetaTtl()) : seconds(map.keyTtl());
    }

    private static StreamPosition position(List<Object> r) {
        return new StreamPosition(RedisBroker.asLong(r.get(0)), RedisBroker.asString(r.get(1)));
    }

    /** A state value {@code "<offset>:<publication>"}. */
    private static Publication entry(byte[] value) {
        int colon = 0;
        long offset = 0;
        while (colon < value.length && value[colon] != ':') {
            offset = offset * 10 + (value[colon++] - '0');
        }
        byte[] pub = java.util.Arrays.copyOfRange(value, colon + 1, value.length);
        return parse(pub).toBuilder().setOffset(offset).build();
    }

    private static Publication parse(byte[] bytes) {
        try {
            return Publication.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("undecodable map entry in Redis", e);
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("map key expiry failed, retried on the next run: {}", e.getMessage());
        }
    }

    /** Removes the due keys of every expiring channel of every shard (waits for the scripts). */
    public void sweep() {
        long now = clock.millis();
        for (RedisShard shard : ring.all()) {
            List<byte[]> due = shard.commands().zrangebyscore(keys.mapExpiring(),
                    io.lettuce.core.Range.create(Double.NEGATIVE_INFINITY, (double) now)).toCompletableFuture().join();
            for (byte[] name : due) {
                expireChannel(shard, new String(name, StandardCharsets.UTF_8), now);
            }
        }
    }

    private void expireChannel(RedisShard shard, String channel, long now) {
        byte[] name = utf8(channel);
        byte[] settings = shard.commands().hget(keys.mapExpiringOptions(), name).toCompletableFuture().join();
        String[] s = settings == null ? new String[] {"0", "0", "0", "0"}
                : new String(settings, StandardCharsets.UTF_8).split(":");
        byte[][] parts = keys.map(channel);
        List<Object> r;
        int runs = 0;
        do { // a full batch may leave more due keys: drain a few batches, the rest waits for the next run
            r = LuaScript.MAP_EXPIRE.<List<Object>>run(ring.forChannel(channel).commands(),
                    ScriptOutputType.MULTI, parts, num(now), num(expireBatch), utf8(s[0]), utf8(s[1]), utf8(s[2]),
                    pubSub(channel), utf8(s[3])).toCompletableFuture().join();
        } while (++runs < EXPIRE_RUNS_PER_CHANNEL && RedisBroker.asLong(r.get(0)) >= expireBatch);
        String next = RedisBroker.asString(r.get(1));
        if (next.isEmpty()) {
            shard.commands().zrem(keys.mapExpiring(), name);
            shard.commands().hdel(keys.mapExpiringOptions(), name);
        } else {
            shard.commands().zadd(keys.mapExpiring(), Double.parseDouble(next), name);
        }
    }

    /** The channel's Pub/Sub channel, or nothing with {@code skip_pub_sub} (the scripts then publish nothing). */
    private byte[] pubSub(String channel) {
        return skipPubSub ? EMPTY : keys.pubSub(channel);
    }

    private static long seconds(Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            return 0;
        }
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    private static byte[] num(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The engine owns the connections; closing stops the expiry worker only. */
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
    }
}
