package io.xshathra.engine.broker;

import io.xshathra.engine.util.Epochs;
import io.xshathra.engine.util.StripedLocks;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The single-node broker: every channel is "subscribed", publications are handed to the event
 * handler on the publishing thread while the channel's lock is held (which keeps per-channel
 * order), and history streams live in memory. A background sweep drops expired stream data,
 * expired streams and expired idempotency results.
 *
 * <p>Bounded state: at most {@code streamLimit} streams are kept, least recently used dropped
 * first ({@link StreamTable}). A stream that never had a publication is stored only once the
 * channel has had a subscriber on this node (the node's {@link #subscribe}/{@link #unsubscribe}
 * calls are counted): reading a channel nobody subscribed to answers a fresh epoch at offset 0
 * and stores nothing, so reads alone cannot fill the tables. When the last subscriber of a
 * channel that still has no publication leaves, its empty stream moves to a table of its own
 * ({@code quiet}, also at most {@code streamLimit}, least recently used dropped first) until its
 * meta TTL: the subscribers that left hold its epoch, and publications made while they are away
 * must be recoverable in it (as in Centrifugo), while subscribe/unsubscribe churn over many
 * channels can never push real streams, with their history, out of the main table. Losing a
 * stream is what meta TTL expiry does anyway: the next reader gets a new epoch and a recovering
 * client is told it did not recover. Idempotency results are capped at {@code streamLimit} too,
 * oldest dropped first.
 *
 * <p>Lock order: a channel lock, then the stream table's or the idempotency map's own lock. A
 * channel lock is the only lock held while calling the event handler; the handler must not call
 * back into the broker for the same channel synchronously.
 */
public final class MemoryBroker implements Broker {
    static final Duration IDEMPOTENCY_TTL = Duration.ofMinutes(5);
    /** Default of {@code channel.memory_stream_limit}. */
    public static final int DEFAULT_STREAM_LIMIT = io.xshathra.engine.config.ChannelConfig.DEFAULT_MEMORY_STREAM_LIMIT;

    private final Clock clock;
    private final StripedLocks locks = new StripedLocks(256);
    private final StreamTable streams;
    /** Empty streams whose subscribers all left, kept for their epoch (see the class comment). */
    private final StreamTable quiet;
    /** Subscribe calls minus unsubscribe calls per channel (no entry when they balance). */
    private final Map<String, Integer> subscribed = new ConcurrentHashMap<>();
    private final IdempotencyCache idempotency;
    private final ScheduledFuture<?> sweeper;
    private volatile BrokerEventHandler handler;

    public MemoryBroker(Clock clock, ScheduledExecutorService scheduler) {
        this(clock, scheduler, DEFAULT_STREAM_LIMIT);
    }

    /** @param streamLimit most streams (and idempotency results) kept at once */
    public MemoryBroker(Clock clock, ScheduledExecutorService scheduler, int streamLimit) {
        this.clock = clock;
        this.streams = new StreamTable(streamLimit);
        this.quiet = new StreamTable(streamLimit);
        this.idempotency = new IdempotencyCache(streamLimit);
        this.sweeper = scheduler == null ? null
                : scheduler.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void setEventHandler(BrokerEventHandler handler) {
        this.handler = handler;
    }

    @Override
    public CompletionStage<Void> subscribe(String channel) {
        synchronized (locks.of(channel)) {
            subscribed.merge(channel, 1, MemoryBroker::sumOrRemove);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> unsubscribe(String channel) {
        synchronized (locks.of(channel)) {
            // The last subscriber's unsubscribe may come before the first one's subscribe (they run
            // on different event loops): the count then dips below zero and the subscribe balances it.
            Integer left = subscribed.merge(channel, -1, MemoryBroker::sumOrRemove);
            if (left == null) {
                MemoryStream s = streams.get(channel);
                if (s != null && s.top == 0) {
                    // The subscribers that leave hold this epoch: keep it, outside the main table.
                    streams.remove(channel, s);
                    quiet.put(channel, s);
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    private static Integer sumOrRemove(Integer a, Integer b) {
        int sum = a + b;
        return sum == 0 ? null : sum;
    }

    @Override
    public CompletionStage<PublishResult> publish(String channel, Publication publication, PublishOptions options) {
        long now = clock.millis();
        synchronized (locks.of(channel)) {
            String idemKey = options.idempotencyKey() == null || options.idempotencyKey().isEmpty()
                    ? null : channel + '\u0000' + options.idempotencyKey();
            if (idemKey != null) {
                StreamPosition cached = idempotency.get(idemKey, now);
                if (cached != null) {
                    return CompletableFuture.completedFuture(new PublishResult(cached, true));
                }
            }
            StreamPosition position;
            Publication delivered;
            Publication previous = null;
            if (options.withHistory()) {
                MemoryStream stream = liveStream(channel, now, options.historyMetaTtl(), true);
                previous = options.delta() ? stream.last() : null;
                delivered = stream.append(publication, options.historySize());
                stream.dataExpiresAt = now + options.historyTtl().toMillis();
                position = new StreamPosition(stream.top, stream.epoch);
            } else {
                delivered = publication.getOffset() == 0 ? publication : publication.toBuilder().clearOffset().build();
                position = StreamPosition.NONE;
            }
            if (idemKey != null) {
                idempotency.put(idemKey, position, now + IDEMPOTENCY_TTL.toMillis());
            }
            BrokerEventHandler h = handler;
            if (h != null) {
                h.handlePublication(channel, delivered, position, previous);
            }
            return CompletableFuture.completedFuture(new PublishResult(position, false));
        }
    }

    /**
     * The channel's stream, created with a new epoch if absent or expired (or taken back from the
     * quiet table); extends its meta TTL. A stream is stored in the main table only when
     * {@code keep} (a publish) or the channel has subscribers.
     */
    private MemoryStream liveStream(String channel, long now, Duration metaTtl, boolean keep) {
        MemoryStream stream = streams.get(channel);
        if (stream == null || expired(stream, now)) {
            if (stream != null) {
                streams.remove(channel, stream);
            }
            MemoryStream held = quiet.get(channel);
            if (held != null && expired(held, now)) {
                quiet.remove(channel, held);
                held = null;
            }
            stream = held != null ? held : new MemoryStream(Epochs.generate());
            Integer subscribers = subscribed.get(channel);
            if (keep || (subscribers != null && subscribers > 0)) {
                if (held != null) {
                    quiet.remove(channel, held);
                }
                streams.put(channel, stream);
            }
        }
        if (stream.dataExpiresAt > 0 && stream.dataExpiresAt <= now) {
            stream.clear();
            stream.dataExpiresAt = 0;
        }
        stream.metaExpiresAt = metaTtl == null || metaTtl.isZero() ? 0 : now + metaTtl.toMillis();
        return stream;
    }

    @Override
    public CompletionStage<Void> publishJoin(String channel, ClientInfo info) {
        synchronized (locks.of(channel)) {
            BrokerEventHandler h = handler;
            if (h != null) {
                h.handleJoin(channel, info);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> publishLeave(String channel, ClientInfo info) {
        synchronized (locks.of(channel)) {
            BrokerEventHandler h = handler;
            if (h != null) {
                h.handleLeave(channel, info);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<HistoryResult> history(String channel, HistoryQuery query) {
        long now = clock.millis();
        synchronized (locks.of(channel)) {
            MemoryStream stream = liveStream(channel, now, query.metaTtl(), false);
            StreamPosition top = new StreamPosition(stream.top, stream.epoch);
            StreamPosition since = query.since();
            if (since != null && !since.epoch().isEmpty() && !since.epoch().equals(stream.epoch)) {
                return CompletableFuture.failedFuture(new UnrecoverablePositionException(channel));
            }
            boolean hasSince = since != null;
            long sinceOffset = hasSince ? since.offset() : 0;
            if (hasSince && query.reverse() && sinceOffset == 0) {
                hasSince = false;
            }
            return CompletableFuture.completedFuture(
                    new HistoryResult(stream.read(sinceOffset, hasSince, query.limit(), query.reverse()), top));
        }
    }

    @Override
    public CompletionStage<Void> removeHistory(String channel) {
        synchronized (locks.of(channel)) {
            MemoryStream stream = streams.get(channel);
            if (stream != null) {
                stream.clear();
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    private static boolean expired(MemoryStream s, long now) {
        return s.metaExpiresAt > 0 && s.metaExpiresAt <= now;
    }

    /** Streams held now (for tests and metrics); the quiet ones are counted by {@link #quietCount}. */
    public int streamCount() {
        return streams.size();
    }

    /** Empty streams kept for the epoch their departed subscribers hold (for tests). */
    public int quietCount() {
        return quiet.size();
    }

    /** Streams dropped to stay within the limit since start. */
    public long streamsEvicted() {
        return streams.evicted();
    }

    /** Channels whose subscribe and unsubscribe calls do not balance yet (for tests). */
    public int subscribedCount() {
        return subscribed.size();
    }

    /** Idempotency results held now (for tests). */
    int idempotencyCount() {
        return idempotency.size();
    }

    /** Drops expired data, streams and idempotency results. */
    void sweep() {
        long now = clock.millis();
        idempotency.expire(now);
        for (Map.Entry<String, MemoryStream> e : quiet.snapshot()) {
            synchronized (locks.of(e.getKey())) {
                if (expired(e.getValue(), now)) {
                    quiet.remove(e.getKey(), e.getValue());
                }
            }
        }
        for (Map.Entry<String, MemoryStream> e : streams.snapshot()) {
            synchronized (locks.of(e.getKey())) {
                MemoryStream s = e.getValue();
                if (s.metaExpiresAt > 0 && s.metaExpiresAt <= now) {
                    streams.remove(e.getKey(), s);
                } else if (s.dataExpiresAt > 0 && s.dataExpiresAt <= now) {
                    s.clear();
                    s.dataExpiresAt = 0;
                }
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
