package io.xshathra.engine.hub;

import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.channel.ChannelSpace;
import io.xshathra.protocol.PushFormat;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Join;
import io.xshathra.protocol.proto.Leave;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;

/**
 * Channel key (see {@link ChannelSpace}) to local subscribers; pushes carry the plain channel
 * name, since every subscriber of a key lives in the same space. Each channel keeps an
 * immutable snapshot of its subscribers grouped by event loop, replaced on every subscribe and
 * unsubscribe, so a broadcast reads one volatile reference and posts one task per event loop,
 * not one per subscriber. A change copies only the array of the subscriber's own event loop
 * (a plain array copy, no re-grouping), so a channel with many subscribers stays cheap to join.
 * A push is encoded once per {@link PushFormat} present among the subscribers (protocol, and
 * Reply envelope or bare push), and for subscribers that asked for fossil deltas once more per
 * format as a patch.
 *
 * <p>Thread-safe. The map is a {@link ConcurrentHashMap} (internally sharded); add and remove
 * for one channel are serialised by its bin lock. No lock is held while delivering.
 */
public final class Hub {
    private final Map<String, Snapshot> channels = new ConcurrentHashMap<>();

    /**
     * Subscribers of one channel, grouped by executor; which of them asked for fossil deltas (a
     * set copied only when a delta subscriber comes or goes); counts per push format, without and
     * with deltas, which say what a publication must be encoded as. Immutable.
     */
    private record Snapshot(Group[] groups, int size, Set<Subscriber> delta, int[] counts) {
        /** Counters: one per push format, then one per push format for delta subscribers. */
        private static final int COUNTERS = 2 * PushFormat.COUNT;

        /** Bits of the formats plain ({@code delta} false) or delta subscribers need. */
        int formats(boolean delta) {
            int base = delta ? PushFormat.COUNT : 0;
            int bits = 0;
            for (int f = 0; f < PushFormat.COUNT; f++) {
                if (counts[base + f] > 0) {
                    bits |= 1 << f;
                }
            }
            return bits;
        }

        private static int kind(Subscriber s, boolean delta) {
            return s.pushFormat().ordinal() + (delta ? PushFormat.COUNT : 0);
        }

        private int[] counted(int kind, int change) {
            int[] c = counts.clone();
            c[kind] += change;
            return c;
        }

        /** This snapshot with {@code s} added. */
        Snapshot with(Subscriber s, boolean wantsDelta) {
            Set<Subscriber> deltas = delta;
            if (wantsDelta) {
                deltas = Collections.newSetFromMap(new IdentityHashMap<>());
                deltas.addAll(delta);
                deltas.add(s);
            }
            int[] c = counted(kind(s, wantsDelta), 1);
            int gi = groupOf(s.executor());
            Group[] gs;
            if (gi < 0) {
                gs = Arrays.copyOf(groups, groups.length + 1);
                gs[groups.length] = new Group(s.executor(), new Subscriber[] {s});
            } else {
                gs = groups.clone();
                Subscriber[] old = groups[gi].subscribers;
                Subscriber[] subs = Arrays.copyOf(old, old.length + 1);
                subs[old.length] = s;
                gs[gi] = new Group(s.executor(), subs);
            }
            return new Snapshot(gs, size + 1, deltas, c);
        }

        /** This snapshot without {@code s}, itself when {@code s} is not here, null when empty. */
        Snapshot without(Subscriber s) {
            int gi = groupOf(s.executor());
            if (gi < 0) {
                return this;
            }
            Subscriber[] old = groups[gi].subscribers;
            int at = indexOf(old, s);
            if (at < 0) {
                return this;
            }
            if (size == 1) {
                return null;
            }
            Group[] gs;
            if (old.length == 1) {
                gs = new Group[groups.length - 1];
                System.arraycopy(groups, 0, gs, 0, gi);
                System.arraycopy(groups, gi + 1, gs, gi, groups.length - gi - 1);
            } else {
                Subscriber[] subs = new Subscriber[old.length - 1];
                System.arraycopy(old, 0, subs, 0, at);
                System.arraycopy(old, at + 1, subs, at, old.length - at - 1);
                gs = groups.clone();
                gs[gi] = new Group(s.executor(), subs);
            }
            boolean wasDelta = delta.contains(s);
            Set<Subscriber> deltas = delta;
            if (wasDelta) {
                deltas = Collections.newSetFromMap(new IdentityHashMap<>());
                deltas.addAll(delta);
                deltas.remove(s);
            }
            return new Snapshot(gs, size - 1, deltas, counted(kind(s, wasDelta), -1));
        }

        private int groupOf(Executor executor) {
            for (int i = 0; i < groups.length; i++) {
                if (groups[i].executor == executor) {
                    return i;
                }
            }
            return -1;
        }

        private static int indexOf(Subscriber[] subs, Subscriber s) {
            for (int i = 0; i < subs.length; i++) {
                if (subs[i] == s) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static final Snapshot EMPTY = new Snapshot(new Group[0], 0, Set.of(), new int[Snapshot.COUNTERS]);

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
            first[0] = snap == null;
            return (snap == null ? EMPTY : snap).with(subscriber, delta);
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
            Snapshot next = snap.without(subscriber);
            last[0] = next == null;
            return next;
        });
        return last[0];
    }

    /** Delivers a publication to the channel's local subscribers; returns their number. */
    public int broadcastPublication(String channel, Publication pub, StreamPosition position) {
        return broadcastPublication(channel, pub, position, null);
    }

    /**
     * Delivers a publication; {@code previous} (the stream's publication before it, or null) is
     * what a fossil patch for delta subscribers is computed against, once for all of them.
     *
     * @return the number of local subscribers it was handed to (0 when the channel has none)
     */
    public int broadcastPublication(String channel, Publication pub, StreamPosition position, Publication previous) {
        Snapshot snap = channels.get(channel);
        if (snap == null) {
            return 0;
        }
        String name = ChannelSpace.channel(channel);
        fanOut(snap, PreparedPush.publication(name, pub, position, previous, snap.formats(false), snap.formats(true)));
        return snap.size();
    }

    /**
     * Delivers a publication that reached this node too late: positioned subscribers treat it
     * as a gap (insufficient state), the others receive it.
     *
     * @return the number of local subscribers it was handed to
     */
    public int broadcastLaggedPublication(String channel, Publication pub, StreamPosition position,
                                          Publication previous) {
        Snapshot snap = channels.get(channel);
        if (snap == null) {
            return 0;
        }
        String name = ChannelSpace.channel(channel);
        PreparedPush push = PreparedPush.publication(name, pub, position, previous, snap.formats(false),
                snap.formats(true));
        push.markLagged();
        fanOut(snap, push);
        return snap.size();
    }

    /** Delivers a join event (to subscribers that asked for join/leave). */
    public void broadcastJoin(String channel, ClientInfo info) {
        Snapshot snap = channels.get(channel);
        if (snap != null) {
            String name = ChannelSpace.channel(channel);
            Push push = Push.newBuilder().setChannel(name).setJoin(Join.newBuilder().setInfo(info)).build();
            fanOut(snap, new PreparedPush(PreparedPush.Kind.JOIN, name, push, null, StreamPosition.NONE,
                    snap.formats(false) | snap.formats(true)));
        }
    }

    /** Delivers a leave event (to subscribers that asked for join/leave). */
    public void broadcastLeave(String channel, ClientInfo info) {
        Snapshot snap = channels.get(channel);
        if (snap != null) {
            String name = ChannelSpace.channel(channel);
            Push push = Push.newBuilder().setChannel(name).setLeave(Leave.newBuilder().setInfo(info)).build();
            fanOut(snap, new PreparedPush(PreparedPush.Kind.LEAVE, name, push, null, StreamPosition.NONE,
                    snap.formats(false) | snap.formats(true)));
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
                out.put(ch, snap.size);
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
            n += s.size;
        }
        return n;
    }
}
