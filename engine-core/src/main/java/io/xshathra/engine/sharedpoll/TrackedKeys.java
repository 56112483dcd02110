package io.xshathra.engine.sharedpoll;

import io.xshathra.protocol.proto.KeyedItem;
import io.xshathra.protocol.proto.TrackBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys one connection tracks in one shared-poll channel, with the version of each key the
 * connection holds and the expiry of the signature that admitted it. Not thread-safe: touched only
 * on the connection's event loop, like the rest of its session state.
 *
 * <p>The rules follow Centrifugo v6.9.1: a track request's keys are flattened over its batches, a
 * key that repeats takes the version and batch of its last occurrence; the key bound counts
 * distinct keys after the request, net of the keys its inline untrack removes; a key is sent only a
 * version above the one the connection holds, and the held version never goes down.
 */
public final class TrackedKeys {

    /** One key of a track request after de-duplication. */
    public record Item(String key, long version, int batch) {
    }

    private static final class Held {
        long version;
        long expireAt;
        /** The key went to the connection in full once: later changes may go as patches. */
        boolean deltaReady;

        Held(long version, long expireAt) {
            this.version = version;
            this.expireAt = expireAt;
        }
    }

    private final Map<String, Held> keys = new LinkedHashMap<>();

    /** The distinct keys of {@code batches} in first-seen order, each with its last version and batch. */
    public static List<Item> flatten(List<TrackBatch> batches) {
        Map<String, Item> out = new LinkedHashMap<>();
        for (int i = 0; i < batches.size(); i++) {
            for (KeyedItem it : batches.get(i).getItemsList()) {
                out.put(it.getKey(), new Item(it.getKey(), it.getVersion(), i));
            }
        }
        return new ArrayList<>(out.values());
    }

    /**
     * Whether tracking {@code items} and then untracking {@code untrack} leaves at most
     * {@code max} keys.
     */
    public boolean fits(List<Item> items, Collection<String> untrack, int max) {
        Set<String> dropped = new HashSet<>(untrack);
        int count = keys.size();
        for (String k : dropped) {
            if (keys.containsKey(k)) {
                count--;
            }
        }
        for (Item it : items) {
            if (!keys.containsKey(it.key()) && !dropped.contains(it.key())) {
                count++;
            }
        }
        return count <= max;
    }

    /**
     * Tracks {@code items} with the expiries of their batches ({@code expireAt[item.batch]}, unix
     * seconds, 0 = none). A key already tracked takes the new version and expiry.
     */
    public void track(List<Item> items, long[] expireAt) {
        for (Item it : items) {
            keys.put(it.key(), new Held(it.version(), expireAt[it.batch()]));
        }
    }

    /** Stops tracking {@code untrack}; returns the keys that were tracked (others are ignored). */
    public List<String> untrack(Collection<String> untrack) {
        List<String> removed = new ArrayList<>();
        for (String k : untrack) {
            if (keys.remove(k) != null) {
                removed.add(k);
            }
        }
        return removed;
    }

    /**
     * The per-connection delivery rule: whether a publication of {@code key} at {@code version} goes
     * to this connection. When it does, the connection now holds that version.
     */
    public boolean offer(String key, long version) {
        Held h = keys.get(key);
        if (h == null || version <= h.version) {
            return false;
        }
        h.version = version;
        return true;
    }

    /**
     * Removes and returns the keys whose signature expired more than {@code extraSeconds} before
     * {@code nowSeconds}.
     */
    public List<String> expire(long nowSeconds, long extraSeconds) {
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, Held>> i = keys.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<String, Held> e = i.next();
            long exp = e.getValue().expireAt;
            if (exp > 0 && nowSeconds > exp + extraSeconds) {
                out.add(e.getKey());
                i.remove();
            }
        }
        return out;
    }

    /** Whether {@code key} went to this connection in full since it was (re)tracked. */
    public boolean deltaReady(String key) {
        Held h = keys.get(key);
        return h != null && h.deltaReady;
    }

    /** {@code key} went to this connection: later changes may be patches against it. */
    public void markDeltaReady(String key) {
        Held h = keys.get(key);
        if (h != null) {
            h.deltaReady = true;
        }
    }

    /** The version of {@code key} this connection holds, or -1 when it does not track it. */
    public long version(String key) {
        Held h = keys.get(key);
        return h == null ? -1 : h.version;
    }

    public boolean tracks(String key) {
        return keys.containsKey(key);
    }

    public int size() {
        return keys.size();
    }

    /** The tracked keys, in the order they were first tracked. */
    public Set<String> keys() {
        return Set.copyOf(keys.keySet());
    }
}
