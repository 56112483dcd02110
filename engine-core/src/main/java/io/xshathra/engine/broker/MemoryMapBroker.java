package io.xshathra.engine.broker;

import io.xshathra.engine.config.MapBrokerConfig;
import io.xshathra.engine.config.MapOptions;
import io.xshathra.protocol.proto.Publication;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The single-node {@link MapBroker}: map channels live in memory, changes are handed to the
 * event handler on the writing thread while the channel's monitor is held (which keeps each
 * channel's changes in offset order), and a sweep driven by the injected clock removes expired
 * keys (handing on their removals), drops expired change streams and channels whose meta TTL
 * passed.
 *
 * <p>Bounded: at most {@link MapBrokerConfig#channelLimit()} channels, least recently used
 * dropped first (epoch and all, as if its meta TTL had passed: a subscriber recovering from it is
 * told to start over); at most {@link MapBrokerConfig#keysPerChannel()} keys per channel (a new
 * key beyond it fails with {@link MapLimitException}); change streams of
 * {@code map.stream_size}; idempotency results capped like the channels. A channel of an
 * ephemeral namespace is dropped when its last key goes.
 *
 * <p>Lock order: a channel's monitor, then the channel table's. The event handler is called with
 * only the channel's monitor held and must not call back into this broker for that channel.
 */
public final class MemoryMapBroker implements MapBroker {
    private static final long SWEEP_MILLIS = 250;

    private final Clock clock;
    private final int channelLimit;
    private final int keysPerChannel;
    /** Channels least recently used first; guarded by its own monitor. */
    private final LinkedHashMap<String, Slot> table = new LinkedHashMap<>(64, 0.75f, true);
    private final IdempotencyCache idempotency;
    private final ScheduledFuture<?> sweeper;
    private volatile BrokerEventHandler handler;

    /** A table slot: the channel, the options it was last used with, and whether it left the table. */
    private static final class Slot {
        final MapChannelState channel = new MapChannelState();
        MapOptions options;
        volatile boolean dropped;
    }

    /**
     * @param scheduler runs the expiry sweep; null for none (tests call {@link #sweep()})
     */
    public MemoryMapBroker(Clock clock, ScheduledExecutorService scheduler, MapBrokerConfig config) {
        this.clock = clock;
        this.channelLimit = Math.max(1, config.channelLimit());
        this.keysPerChannel = Math.max(1, config.keysPerChannel());
        this.idempotency = new IdempotencyCache(channelLimit);
        this.sweeper = scheduler == null ? null
                : scheduler.scheduleWithFixedDelay(this::sweepQuietly, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void setEventHandler(BrokerEventHandler handler) {
        this.handler = handler;
    }

    @Override
    public CompletionStage<Void> subscribe(String channel) {
        // Every change is handed to this node's handler anyway.
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> unsubscribe(String channel) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<MapUpdateResult> publish(String channel, String key, MapPublishOptions o, MapOptions map) {
        long now = clock.millis();
        String idem = idempotencyKey(channel, o.idempotencyKey());
        CompletionStage<MapUpdateResult> cached = cached(idem, now);
        if (cached != null) {
            return cached;
        }
        return locked(channel, now, map, slot -> {
            MapUpdateResult r;
            try {
                r = new MapWrite(slot.channel, map, keysPerChannel, now).publish(key, o, handler, channel);
            } catch (MapLimitException e) {
                return CompletableFuture.failedFuture(e);
            }
            return remembered(idem, r, now);
        });
    }

    @Override
    public CompletionStage<MapUpdateResult> remove(String channel, String key, String idempotencyKey,
                                                   Map<String, String> tags, MapOptions map) {
        long now = clock.millis();
        String idem = idempotencyKey(channel, idempotencyKey);
        CompletionStage<MapUpdateResult> cached = cached(idem, now);
        if (cached != null) {
            return cached;
        }
        return locked(channel, now, map, slot -> {
            MapUpdateResult r = new MapWrite(slot.channel, map, keysPerChannel, now).remove(key, tags, handler, channel);
            dropIfEmpty(channel, slot, map);
            return remembered(idem, r, now);
        });
    }

    /** The remembered result of an idempotent write, or null when there is none. */
    private CompletionStage<MapUpdateResult> cached(String idem, long now) {
        StreamPosition cached = idem == null ? null : idempotency.get(idem, now);
        return cached == null ? null : done(MapUpdateResult.suppressed(cached, "idempotency"));
    }

    /** Remembers an applied idempotent write's position, then answers it. */
    private CompletionStage<MapUpdateResult> remembered(String idem, MapUpdateResult r, long now) {
        if (idem != null && !r.suppressed()) {
            idempotency.put(idem, r.position(), now + MemoryBroker.IDEMPOTENCY_TTL.toMillis());
        }
        return done(r);
    }

    /**
     * Runs {@code body} on the channel's slot under its lock, the slot taking {@code map} as its
     * options; a slot dropped between lookup and lock is looked up again.
     */
    private <T> CompletionStage<T> locked(String channel, long now, MapOptions map,
                                          java.util.function.Function<Slot, CompletionStage<T>> body) {
        while (true) {
            Slot slot = slot(channel, now);
            synchronized (slot) {
                if (slot.dropped) {
                    continue;
                }
                slot.options = map;
                return body.apply(slot);
            }
        }
    }

    @Override
    public CompletionStage<MapStateResult> readState(String channel, MapStateQuery query, MapOptions map) {
        long now = clock.millis();
        return locked(channel, now, map, slot -> {
            MapChannelState ch = slot.channel;
            ch.touch(map, now);
            StreamPosition revision = query.revision();
            if (revision != null && !revision.epoch().equals(ch.epoch)) {
                return CompletableFuture.failedFuture(new UnrecoverablePositionException(channel));
            }
            return done(page(ch, query, now));
        });
    }

    private static MapStateResult page(MapChannelState ch, MapStateQuery query, long now) {
        Map<String, MapChannelState.Entry> from = query.cursor().isEmpty() ? ch.state
                : ch.state.tailMap(query.cursor(), false);
        int limit = Math.max(1, query.limit());
        List<Publication> entries = new ArrayList<>(Math.min(limit, from.size()));
        String last = "";
        Iterator<Map.Entry<String, MapChannelState.Entry>> it = from.entrySet().iterator();
        while (it.hasNext() && entries.size() < limit) {
            Map.Entry<String, MapChannelState.Entry> e = it.next();
            if (e.getValue().expiresAt() > 0 && e.getValue().expiresAt() <= now) {
                continue;
            }
            entries.add(e.getValue().pub());
            last = e.getKey();
        }
        return new MapStateResult(entries, ch.position(), it.hasNext() ? last : "");
    }

    @Override
    public CompletionStage<HistoryResult> readStream(String channel, StreamPosition since, int limit, MapOptions map) {
        long now = clock.millis();
        return locked(channel, now, map, slot -> {
            MapChannelState ch = slot.channel;
            ch.touch(map, now);
            ch.dropStreamIfExpired(now);
            if (since != null && !since.epoch().isEmpty() && !since.epoch().equals(ch.epoch)) {
                return CompletableFuture.failedFuture(new UnrecoverablePositionException(channel));
            }
            List<Publication> pubs = since == null ? ch.readAll(limit) : ch.readAfter(since.offset(), limit);
            if (pubs == null) {
                return CompletableFuture.failedFuture(new UnrecoverablePositionException(channel));
            }
            return done(new HistoryResult(pubs, ch.position()));
        });
    }

    @Override
    public CompletionStage<MapStateResult> readKey(String channel, String key, StreamPosition revision,
                                                   MapOptions map) {
        long now = clock.millis();
        return locked(channel, now, map, slot -> {
            MapChannelState ch = slot.channel;
            ch.touch(map, now);
            if (revision != null && !revision.epoch().equals(ch.epoch)) {
                return CompletableFuture.failedFuture(new UnrecoverablePositionException(channel));
            }
            MapChannelState.Entry e = ch.state.get(key);
            boolean live = e != null && (e.expiresAt() == 0 || e.expiresAt() > now);
            return done(new MapStateResult(live ? List.of(e.pub()) : List.of(), ch.position(), ""));
        });
    }

    @Override
    public CompletionStage<Integer> stats(String channel, MapOptions map) {
        long now = clock.millis();
        Slot slot;
        synchronized (table) {
            slot = table.get(channel);
        }
        if (slot == null) {
            return done(0);
        }
        synchronized (slot) {
            if (slot.dropped) {
                return done(0);
            }
            int n = 0;
            for (MapChannelState.Entry e : slot.channel.state.values()) {
                if (e.expiresAt() == 0 || e.expiresAt() > now) {
                    n++;
                }
            }
            return done(n);
        }
    }

    @Override
    public CompletionStage<Void> clear(String channel, MapOptions map) {
        Slot slot;
        synchronized (table) {
            slot = table.remove(channel);
        }
        if (slot != null) {
            synchronized (slot) {
                slot.dropped = true;
            }
        }
        return done(null);
    }

    /** The channel's slot, created if absent or past its meta TTL. */
    private Slot slot(String channel, long now) {
        synchronized (table) {
            Slot s = table.get(channel);
            long metaExpiresAt = s == null ? 0 : s.channel.metaExpiresAt;
            if (s != null && (metaExpiresAt == 0 || metaExpiresAt > now)) {
                return s;
            }
            if (s != null) {
                s.dropped = true;
            }
            Slot fresh = new Slot();
            table.put(channel, fresh);
            Iterator<Slot> it = table.values().iterator();
            while (table.size() > channelLimit && it.hasNext()) {
                it.next().dropped = true;
                it.remove();
            }
            return fresh;
        }
    }

    /** Drops an ephemeral channel without keys; called with the slot's monitor held. */
    private void dropIfEmpty(String channel, Slot slot, MapOptions map) {
        if (!map.mode().hasStream() && slot.channel.isEmpty()) {
            slot.dropped = true;
            synchronized (table) {
                table.remove(channel, slot);
            }
        }
    }

    private static String idempotencyKey(String channel, String key) {
        return key == null || key.isEmpty() ? null : channel + '\u0000' + key;
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** Channels held now (for tests). */
    public int channelCount() {
        synchronized (table) {
            return table.size();
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // A failing handler must not end the periodic sweep; the next run retries.
            org.slf4j.LoggerFactory.getLogger(MemoryMapBroker.class).warn("map broker sweep failed", e);
        }
    }

    /** Removes expired keys (handing on their removals), expired streams and expired channels. */
    public void sweep() {
        long now = clock.millis();
        idempotency.expire(now);
        List<Map.Entry<String, Slot>> snapshot;
        synchronized (table) {
            snapshot = new ArrayList<>(table.size());
            for (Map.Entry<String, Slot> e : table.entrySet()) {
                snapshot.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        for (Map.Entry<String, Slot> e : snapshot) {
            Slot slot = e.getValue();
            synchronized (slot) {
                if (slot.dropped || slot.options == null) {
                    continue;
                }
                MapChannelState ch = slot.channel;
                if (ch.metaExpiresAt > 0 && ch.metaExpiresAt <= now) {
                    slot.dropped = true;
                    synchronized (table) {
                        table.remove(e.getKey(), slot);
                    }
                    continue;
                }
                ch.dropStreamIfExpired(now);
                MapWrite w = new MapWrite(ch, slot.options, keysPerChannel, now);
                for (MapChannelState.Entry gone : ch.expiredEntries(now)) {
                    w.expired(gone, handler, e.getKey());
                }
                dropIfEmpty(e.getKey(), slot, slot.options);
            }
        }
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
    }
}
