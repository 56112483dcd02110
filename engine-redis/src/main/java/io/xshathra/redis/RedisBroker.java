package io.xshathra.redis;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lettuce.core.ScriptOutputType;
import io.xshathra.engine.broker.Broker;
import io.xshathra.engine.broker.BrokerEventHandler;
import io.xshathra.engine.broker.HistoryQuery;
import io.xshathra.engine.broker.HistoryResult;
import io.xshathra.engine.broker.PublishOptions;
import io.xshathra.engine.broker.PublishResult;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.broker.UnrecoverablePositionException;
import io.xshathra.engine.util.Epochs;
import io.xshathra.engine.util.StripedLocks;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker of many nodes: each channel's stream lives in Redis and a publication is appended
 * and published on the channel's Pub/Sub channel by one Lua script, so every node sees the
 * publications of a channel in offset order (spec 12.3 to 12.5). A node receives a channel only
 * while it has local subscribers.
 *
 * <p>{@link #subscribe} and {@link #unsubscribe} may arrive out of order from different threads
 * (the first subscriber joins on one event loop while the last one leaves on another); the broker
 * counts them per channel and talks to Redis only when the count crosses zero, under the
 * channel's lock, so the last word always wins.
 */
public final class RedisBroker implements Broker {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBroker.class);
    static final Duration IDEMPOTENCY_TTL = Duration.ofMinutes(5);
    /**
     * Meta TTL of a stream that never had a publication (when shorter than the namespace's): a
     * read creates only an epoch, and subscribers re-read it on their position checks (every
     * minute or so with the default {@code client.channel_position_check_delay}), so it lives as
     * long as someone is positioned on the channel and is gone soon after.
     */
    static final Duration EMPTY_STREAM_META_TTL = Duration.ofMinutes(10);
    private static final byte[] EMPTY = new byte[0];

    private final ShardRing<RedisShard> ring;
    private final RedisKeys keys;
    private final Clock clock;
    private volatile boolean stampTimes;
    private final StripedLocks locks = new StripedLocks(64);
    private final Map<String, Interest> interest = new ConcurrentHashMap<>();
    private volatile BrokerEventHandler handler;

    /** How many subscribe calls outnumber unsubscribe calls, and the pending Redis confirmation. */
    private static final class Interest {
        int count;
        CompletionStage<Void> subscribed;
    }

    RedisBroker(ShardRing<RedisShard> ring, RedisKeys keys, Clock clock) {
        this.ring = ring;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Whether publications carry the time they were published, for receiving nodes' time lag
     * check; off unless {@code client.channel_position_max_time_lag} is set. Set before use.
     */
    void stampPublishTimes(boolean on) {
        this.stampTimes = on;
    }

    @Override
    public void setEventHandler(BrokerEventHandler handler) {
        this.handler = handler;
    }

    @Override
    public CompletionStage<Void> subscribe(String channel) {
        synchronized (locks.of(channel)) {
            Interest i = interest.computeIfAbsent(channel, c -> new Interest());
            i.count++;
            if (i.count == 1) {
                i.subscribed = ring.forChannel(channel).subscribe(keys.pubSub(channel));
            } else if (i.count == 0) {
                // the last subscriber's unsubscribe came first: balanced, nothing to keep
                interest.remove(channel);
                return CompletableFuture.completedFuture(null);
            } else if (i.subscribed == null) {
                i.subscribed = CompletableFuture.completedFuture(null);
            }
            return i.subscribed;
        }
    }

    @Override
    public CompletionStage<Void> unsubscribe(String channel) {
        synchronized (locks.of(channel)) {
            Interest i = interest.computeIfAbsent(channel, c -> new Interest());
            i.count--;
            if (i.count == 0) {
                interest.remove(channel);
                return ring.forChannel(channel).unsubscribe(keys.pubSub(channel));
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    @Override
    public CompletionStage<PublishResult> publish(String channel, Publication publication, PublishOptions options) {
        RedisShard shard = ring.forChannel(channel);
        byte[] payload = stampTimes ? publication.toBuilder().clearOffset().setTime(clock.millis()).build().toByteArray()
                : publication.getOffset() == 0 ? publication.toByteArray()
                : publication.toBuilder().clearOffset().build().toByteArray();
        String idem = options.idempotencyKey() == null || options.idempotencyKey().isEmpty()
                ? null : options.idempotencyKey();
        if (!options.withHistory()) {
            if (idem == null) {
                return shard.commands().publish(keys.pubSub(channel), payload)
                        .thenApply(n -> new PublishResult(StreamPosition.NONE, false));
            }
            return LuaScript.PUBLISH_ONCE.<Long>run(shard.commands(), ScriptOutputType.INTEGER,
                            new byte[][] {keys.result(channel, idem)},
                            keys.pubSub(channel), payload, num(IDEMPOTENCY_TTL.toSeconds()))
                    .thenApply(s -> new PublishResult(StreamPosition.NONE, s == 1L));
        }
        byte[][] k = {keys.stream(channel), keys.streamMeta(channel),
                idem == null ? keys.result(channel, "") : keys.result(channel, idem)};
        return LuaScript.PUBLISH.<List<Object>>run(shard.commands(), ScriptOutputType.MULTI, k,
                        payload, num(options.historySize()), num(seconds(options.historyTtl())),
                        keys.pubSub(channel), num(seconds(options.historyMetaTtl())), utf8(Epochs.generate()),
                        idem == null ? EMPTY : num(IDEMPOTENCY_TTL.toSeconds()), num(options.delta() ? 1 : 0))
                .thenApply(r -> new PublishResult(new StreamPosition(asLong(r.get(0)), asString(r.get(1))),
                        asLong(r.get(2)) == 1L));
    }

    @Override
    public CompletionStage<Void> publishJoin(String channel, ClientInfo info) {
        return ring.forChannel(channel).commands().publish(keys.pubSub(channel), PubSubPayloads.join(info))
                .thenApply(n -> null);
    }

    @Override
    public CompletionStage<Void> publishLeave(String channel, ClientInfo info) {
        return ring.forChannel(channel).commands().publish(keys.pubSub(channel), PubSubPayloads.leave(info))
                .thenApply(n -> null);
    }

    @Override
    public CompletionStage<HistoryResult> history(String channel, HistoryQuery query) {
        StreamPosition since = query.since();
        boolean reverse = query.reverse();
        boolean include = query.limit() != 0;
        String start;
        if (!reverse) {
            start = since == null ? "-" : Long.toString(since.offset() + 1);
        } else if (since == null || since.offset() == 0) {
            start = "+";
        } else {
            start = Long.toString(since.offset() - 1);
            include = include && since.offset() > 1;
        }
        int limit = Math.max(query.limit(), 0);
        Duration metaTtl = query.metaTtl() == null ? Duration.ZERO : query.metaTtl();
        RedisShard shard = ring.forChannel(channel);
        return LuaScript.HISTORY.<List<Object>>run(shard.commands(), ScriptOutputType.MULTI,
                        new byte[][] {keys.stream(channel), keys.streamMeta(channel)},
                        num(include ? 1 : 0), utf8(start), num(limit), num(reverse ? 1 : 0),
                        num(seconds(metaTtl)), utf8(Epochs.generate()), num(seconds(EMPTY_STREAM_META_TTL)))
                .thenCompose(r -> {
                    StreamPosition top = new StreamPosition(asLong(r.get(0)), asString(r.get(1)));
                    if (since != null && !since.epoch().isEmpty() && !since.epoch().equals(top.epoch())) {
                        return CompletableFuture.failedFuture(new UnrecoverablePositionException(channel));
                    }
                    return CompletableFuture.completedFuture(new HistoryResult(entries(r.get(2)), top));
                });
    }

    /** Stream entries {@code [id, [field, value, ...]]} to publications carrying their offsets. */
    private static List<Publication> entries(Object raw) {
        List<?> list = (List<?>) raw;
        List<Publication> out = new ArrayList<>(list.size());
        for (Object o : list) {
            List<?> entry = (List<?>) o;
            String id = asString(entry.get(0));
            long offset = Long.parseLong(id.substring(0, id.indexOf('-')));
            List<?> fields = (List<?>) entry.get(1);
            byte[] data = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if ("d".equals(asString(fields.get(i)))) {
                    data = (byte[]) fields.get(i + 1);
                }
            }
            try {
                out.add(Publication.parseFrom(data == null ? EMPTY : data).toBuilder().setOffset(offset).clearTime()
                        .build());
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("undecodable stream entry " + id, e);
            }
        }
        return out;
    }

    @Override
    public CompletionStage<Void> removeHistory(String channel) {
        return ring.forChannel(channel).commands().del(keys.stream(channel)).thenApply(n -> null);
    }

    /** A message of a channel's Pub/Sub channel; called on the shard's delivery thread. */
    void deliver(String channel, byte[] payload) {
        BrokerEventHandler h = handler;
        if (h == null) {
            return;
        }
        try {
            PubSubPayloads.dispatch(channel, payload, h);
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("dropped an undecodable message of channel {}: {}", channel, e.getMessage());
        }
    }

    /** The Pub/Sub connection of a shard was interrupted and is back, or was replaced. */
    void interrupted() {
        BrokerEventHandler h = handler;
        if (h != null) {
            h.handleInterruption();
        }
    }

    /** Channels this node currently receives. */
    int subscribedChannels() {
        return interest.size();
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

    static long asLong(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        return Long.parseLong(asString(o));
    }

    static String asString(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    /** The engine owns the connections; closing the broker alone releases nothing. */
    @Override
    public void close() {
    }
}
