package io.xshathra.engine.broker;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Results of publishes with an idempotency key, for {@link MemoryBroker#IDEMPOTENCY_TTL}. Every
 * entry lives equally long, so insertion order is expiry order: expiring and capping both drop
 * from the head. When full, the oldest result is dropped first (a repeat of that publish within
 * its TTL would then be published again).
 *
 * <p>Thread-safe (one lock).
 */
final class IdempotencyCache {
    private record Entry(StreamPosition position, long expiresAt) {
    }

    private final int limit;
    private final LinkedHashMap<String, Entry> results = new LinkedHashMap<>();

    IdempotencyCache(int limit) {
        this.limit = limit;
    }

    /** The cached result, or null when absent or expired. */
    synchronized StreamPosition get(String key, long now) {
        Entry e = results.get(key);
        return e == null || e.expiresAt <= now ? null : e.position;
    }

    synchronized void put(String key, StreamPosition position, long expiresAt) {
        results.remove(key);
        results.put(key, new Entry(position, expiresAt));
        Iterator<Entry> it = results.values().iterator();
        while (results.size() > limit && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** Drops the expired results (the oldest ones). */
    synchronized void expire(long now) {
        Iterator<Map.Entry<String, Entry>> it = results.entrySet().iterator();
        while (it.hasNext() && it.next().getValue().expiresAt <= now) {
            it.remove();
        }
    }

    synchronized int size() {
        return results.size();
    }
}
