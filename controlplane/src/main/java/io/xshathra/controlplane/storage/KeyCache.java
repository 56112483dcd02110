package io.xshathra.controlplane.storage;

import io.xshathra.controlplane.Project;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this process remembers of the keys it has checked, keyed by the SHA-256 of the key (never
 * the key itself) or by project id:
 *
 * <ul>
 *   <li>positive entries: a key or project id the database confirmed, with the project and,
 *       for a previous server key in its grace period, until when it is valid. Only answers
 *       read from the database get in, so nobody can fill this part without valid keys; it
 *       holds at most {@code capacity} entries and forgets the least recently used.</li>
 *   <li>negative entries: keys the database did not know, for a short time, so a client that
 *       repeats a wrong or revoked key costs no database reads. Bounded the same way; a flood of
 *       random keys only pushes older negative entries out, never a positive one.</li>
 * </ul>
 *
 * A project's positive entries are dropped by {@link #invalidate(String)}. Every invalidation
 * advances a generation number, and a lookup stores its answer only if no invalidation happened
 * since it began reading, so an answer read before a change can never outlive that change.
 * Thread-safe.
 */
final class KeyCache {

    /**
     * A confirmed key or project.
     *
     * @param project    the project as read
     * @param validUntil epoch milliseconds until which a previous key still works; {@link Long#MAX_VALUE}
     *                   for a current key or a project id
     * @param loadedAt   {@link System#nanoTime()}-style time of the read, for the maximum age
     */
    record Entry(Project project, long validUntil, long loadedAt) {
    }

    private final StripedLru<Entry> known;
    private final StripedLru<Long> unknown;
    private final AtomicLong generation = new AtomicLong();

    KeyCache(int capacity, int negativeCapacity) {
        this.known = new StripedLru<>(capacity);
        this.unknown = new StripedLru<>(negativeCapacity);
    }

    /** The invalidation count; read it before a database read and pass it to {@link #put}. */
    long generation() {
        return generation.get();
    }

    Entry get(String id) {
        return known.get(id);
    }

    /** Stores a confirmed answer unless an invalidation happened since {@code readGeneration}. */
    boolean put(String id, Entry entry, long readGeneration) {
        unknown.remove(id);
        return known.putIf(id, entry, () -> generation.get() == readGeneration);
    }

    void forget(String id) {
        known.remove(id);
    }

    /** Whether the key was found unknown and that answer is younger than its expiry. */
    boolean knownUnknown(String id, long nowNanos) {
        Long until = unknown.get(id);
        if (until == null) {
            return false;
        }
        if (until - nowNanos <= 0) {
            unknown.remove(id);
            return false;
        }
        return true;
    }

    /** Remembers that the database does not know the key, until {@code untilNanos}. */
    void putUnknown(String id, long untilNanos) {
        unknown.putIf(id, untilNanos, () -> true);
    }

    /** Drops every entry of the project: its keys changed, it was renamed or deleted. */
    void invalidate(String projectId) {
        generation.incrementAndGet();
        known.removeIf(e -> e.project().id().equals(projectId));
    }

    /** Drops every positive entry (when the changes since the last look cannot be told apart). */
    void clear() {
        generation.incrementAndGet();
        known.clear();
    }

    int size() {
        return known.size();
    }

    int unknownSize() {
        return unknown.size();
    }

    /** Whether any remembered id contains the text: for tests that check no raw key is kept. */
    boolean holdsText(String text) {
        return known.anyKeyContains(text) || unknown.anyKeyContains(text);
    }
}
