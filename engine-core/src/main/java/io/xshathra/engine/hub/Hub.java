package io.xshathra.engine.hub;

import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.channel.ChannelSpace;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Join;
import io.xshathra.protocol.proto.Leave;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;

/**
 * Channel key (see {@link ChannelSpace}) to local subscribers; pushes carry the plain channel
 * name, since every subscriber of a key lives in the same space. Each channel keeps an
 * immutable snapshot of its subscribers grouped by event loop, replaced on every subscribe/unsubscribe, so a broadcast reads one
 * volatile reference and posts one task per event loop, not one per subscriber. A push is
 * encoded once per protocol present among the subscribers.
 *
 * <p>Thread-safe. The map is a {@link ConcurrentHashMap} (internally sharded); add and remove
 * for one channel are serialised by its bin lock. No lock is held while delivering.
 */
public final class Hub {
    private final Map<String, Snapshot> channels = new ConcurrentHashMap<>();

    /**
     * Subscribers of one channel, grouped by executor, and which of them asked for deltas.
     * Immutable.
     */
    private record Snapshot(List<Subscriber> all, Set<Subscriber> delta, Group[] groups, PreparedPush.Needs needs) {
        static Snapshot of(List<Subscriber> all, Set<Subscriber> delta) {
            Map<Executor, List<Subscriber>> byExecutor = new IdentityHashMap<>();
            boolean json = false;
            boolean pb = false;
            boolean jsonDelta = false;
            boolean pbDelta = false;
            for (Subscriber s : all) {
                byExecutor.computeIfAbsent(s.executor(), e -> new ArrayList<>()).add(s);
                boolean d = delta.contains(s);
                json |= s.protocol() == ProtocolType.JSON && !d;
                pb |= s.protocol() == ProtocolType.PROTOBUF && !d;
                jsonDelta |= s.protocol() == ProtocolType.JSON && d;
                pbDelta |= s.protocol() == ProtocolType.PROTOBUF && d;
            }
            Group[] groups = new Group[byExecutor.size()];
            int i = 0;
            for (Map.Entry<Executor, List<Subscriber>> e : byExecutor.entrySet()) {
                groups[i++] = new Group(e.getKey(), e.getValue().toArray(new Subscriber[0]));
            }
            return new Snapshot(List.copyOf(all), delta, groups, new PreparedPush.Needs(json, pb, jsonDelta, pbDelta));
        }

        boolean anyJson() {
            return needs.json() || needs.jsonDelta();
        }

        boolean anyProtobuf() {
            return needs.protobuf() || needs.protobufDelta();
        }
    }

    private record Group(Executor executor, Subscriber[] subscribers) {
    }

    /**
     * Adds a subscriber.
     *
     * @return true when it is the channel's first local subscriber
     */
    public boolean add(String channel, Subscriber subscriber) {
        return add(channel, subscriber, false);
    }

    /**
     * Adds a subscriber that may ask for fossil deltas of publications.
     *
     * @return true when it is the channel's first local subscriber
     */
    public boolean add(String channel, Subscriber subscriber, boolean delta) {
        boolean[] first = {false};
        channels.compute(channel, (ch, snap) -> {
            List<Subscriber> all = new ArrayList<>(snap == null ? 1 : snap.all.size() + 1);
            if (snap != null) {
                all.addAll(snap.all);
            } else {
                first[0] = true;
            }
            all.add(subscriber);
            Set<Subscriber> deltas = snap == null ? Set.of() : snap.delta;
            if (delta) {
                Set<Subscriber> copy = Collections.newSetFromMap(new IdentityHashMap<>());
                copy.addAll(deltas);
                copy.add(subscriber);
                deltas = copy;
            }
            return Snapshot.of(all, deltas);
        });
        return first[0];
    }

    /**
     * Removes a subscriber.
     *
     * @return true when the channel has no local subscriber left
     */
    public boolean remove(String channel, Subscriber subscriber) {
        boolean[] last = {false};
        channels.computeIfPresent(channel, (ch, snap) -> {
            List<Subscriber> all = new ArrayList<>(snap.all);
            if (!all.remove(subscriber)) {
                return snap;
            }
            if (all.isEmpty()) {
                last[0] = true;
                return null;
            }
            Set<Subscriber> deltas = snap.delta;
            if (deltas.contains(subscriber) && !all.contains(subscriber)) {
                Set<Subscriber> copy = Collections.newSetFromMap(new IdentityHashMap<>());
                copy.addAll(deltas);
                copy.remove(subscriber);
                deltas = copy;
            }
            return Snapshot.of(all, deltas);
        });
        return last[0];
    }

    /** Delivers a publication to the channel's local subscribers. */
    public void broadcastPublication(String channel, Publication pub, StreamPosition position) {
        broadcastPublication(channel, pub, position, null);
    }

    /**
     * Delivers a publication; {@code previous} (the stream's publication before it, or null) is
     * what a fossil patch for delta subscribers is computed against, once for all of them.
     */
    public void broadcastPublication(String channel, Publication pub, StreamPosition position, Publication previous) {
        Snapshot snap = channels.get(channel);
        if (snap == null) {
            return;
        }
        String name = ChannelSpace.channel(channel);
        fanOut(snap, PreparedPush.publication(name, pub, position, previous, snap.needs));
    }

    /** Delivers a join event (to subscribers that asked for join/leave). */
    public void broadcastJoin(String channel, ClientInfo info) {
        Snapshot snap = channels.get(channel);
        if (snap != null) {
            String name = ChannelSpace.channel(channel);
            Push push = Push.newBuilder().setChannel(name).setJoin(Join.newBuilder().setInfo(info)).build();
            fanOut(snap, new PreparedPush(PreparedPush.Kind.JOIN, name, push, null, StreamPosition.NONE,
                    snap.anyJson(), snap.anyProtobuf()));
        }
    }

    /** Delivers a leave event (to subscribers that asked for join/leave). */
    public void broadcastLeave(String channel, ClientInfo info) {
        Snapshot snap = channels.get(channel);
        if (snap != null) {
            String name = ChannelSpace.channel(channel);
            Push push = Push.newBuilder().setChannel(name).setLeave(Leave.newBuilder().setInfo(info)).build();
            fanOut(snap, new PreparedPush(PreparedPush.Kind.LEAVE, name, push, null, StreamPosition.NONE,
                    snap.anyJson(), snap.anyProtobuf()));
        }
    }

    private static void fanOut(Snapshot snap, PreparedPush push) {
        for (Group g : snap.groups) {
            Subscriber[] subs = g.subscribers;
            try {
                g.executor.execute(() -> {
                    for (Subscriber s : subs) {
                        s.deliver(push);
                    }
                });
            } catch (RejectedExecutionException e) {
                // The event loop is shutting down: its connections are closing anyway.
            }
        }
    }

    /** Channels matching a filter with their local subscriber counts. */
    public Map<String, Integer> channelCounts(Predicate<String> filter) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        channels.forEach((ch, snap) -> {
            if (filter.test(ch)) {
                out.put(ch, snap.all.size());
            }
        });
        return out;
    }

    public int numChannels() {
        return channels.size();
    }

    /** Total subscriptions on this node. */
    public int numSubscriptions() {
        int n = 0;
        for (Snapshot s : channels.values()) {
            n += s.all.size();
        }
        return n;
    }
}
