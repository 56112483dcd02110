package io.xshathra.engine.broker;

import io.xshathra.engine.config.MapOptions;
import io.xshathra.engine.util.Epochs;
import io.xshathra.protocol.proto.Publication;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * One map channel held by {@link MemoryMapBroker}: its entries by key (ascending, which is the
 * state's page order), the change stream and its position, and the keys' expiry times. Not
 * thread-safe: the broker guards each channel with the channel object's monitor.
 */
final class MapChannelState {
    /** One key's current entry. */
    record Entry(Publication pub, long expiresAt, long version, String versionEpoch) {
    }

    private record Expiry(String key, long at) {
    }

    final String epoch = Epochs.generate();
    long top;
    /** Unix millis after which the stream's changes are dropped (0 = none kept). */
    long streamExpiresAt;
    /** Unix millis after which the whole channel, epoch included, is dropped (0 = never). */
    long metaExpiresAt;
    final TreeMap<String, Entry> state = new TreeMap<>();
    private final ArrayDeque<Publication> stream = new ArrayDeque<>();
    /** Expiry times of keys, oldest first; stale items (the key was written again) are skipped. */
    private final PriorityQueue<Expiry> expiries = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));

    StreamPosition position() {
        return new StreamPosition(top, epoch);
    }

    /** Appends a change to the stream (modes with a stream) and returns it with its offset. */
    Publication record(Publication change, MapOptions map, long now) {
        if (!map.mode().hasStream()) {
            return change;
        }
        dropStreamIfExpired(now);
        top++;
        Publication stored = change.toBuilder().setOffset(top).build();
        stream.addLast(stored);
        while (stream.size() > map.effectiveStreamSize()) {
            stream.removeFirst();
        }
        streamExpiresAt = now + map.effectiveStreamTtl().toMillis();
        touch(map, now);
        return stored;
    }

    /** Extends the channel's meta TTL after a change or a read. */
    void touch(MapOptions map, long now) {
        long metaTtl = map.effectiveMetaTtl().toMillis();
        metaExpiresAt = metaTtl > 0 ? now + metaTtl : 0;
    }

    void put(String key, Entry entry) {
        state.put(key, entry);
        if (entry.expiresAt > 0) {
            expiries.add(new Expiry(key, entry.expiresAt));
            if (expiries.size() > 2 * state.size() + 16) {
                compactExpiries();
            }
        }
    }

    Entry remove(String key) {
        return state.remove(key);
    }

    /** Entries whose TTL passed, removed from the state (their removals carry the entries' tags). */
    List<Entry> expiredEntries(long now) {
        List<Entry> out = new ArrayList<>();
        while (!expiries.isEmpty() && expiries.peek().at <= now) {
            Expiry e = expiries.poll();
            Entry entry = state.get(e.key);
            if (entry != null && entry.expiresAt == e.at) {
                state.remove(e.key);
                out.add(entry);
            }
        }
        return out;
    }

    private void compactExpiries() {
        expiries.clear();
        for (Map.Entry<String, Entry> e : state.entrySet()) {
            if (e.getValue().expiresAt > 0) {
                expiries.add(new Expiry(e.getKey(), e.getValue().expiresAt));
            }
        }
    }

    void dropStreamIfExpired(long now) {
        if (streamExpiresAt > 0 && streamExpiresAt <= now) {
            stream.clear();
            streamExpiresAt = 0;
        }
    }

    /**
     * Changes after {@code since} oldest first, at most {@code limit} (negative: all).
     *
     * @return null when changes after {@code since} are no longer retained
     */
    List<Publication> readAfter(long since, int limit) {
        int max = limit < 0 ? Integer.MAX_VALUE : limit;
        List<Publication> out = new ArrayList<>(Math.min(16, stream.size()));
        if (since >= top) {
            return out;
        }
        Publication first = stream.peekFirst();
        if (first == null || first.getOffset() > since + 1) {
            return null;
        }
        Iterator<Publication> it = stream.iterator();
        while (it.hasNext() && out.size() < max) {
            Publication p = it.next();
            if (p.getOffset() > since) {
                out.add(p);
            }
        }
        return out;
    }

    /** Retained changes oldest first, at most {@code limit} (negative: all). */
    List<Publication> readAll(int limit) {
        int max = limit < 0 ? Integer.MAX_VALUE : limit;
        List<Publication> out = new ArrayList<>(Math.min(max, stream.size()));
        for (Publication p : stream) {
            if (out.size() >= max) {
                break;
            }
            out.add(p);
        }
        return out;
    }

    /** Whether nothing is left worth keeping: no keys, and no position anybody can hold. */
    boolean isEmpty() {
        return state.isEmpty() && top == 0;
    }
}
