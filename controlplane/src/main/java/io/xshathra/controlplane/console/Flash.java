package io.xshathra.controlplane.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One-time messages from a POST to the page it redirects to, kept in this process's memory only
 * and keyed by the session (through {@link Csrf#sessionKey}) and a slot. The one that matters is
 * the new server key after a project is created or its key rotated: the next view of that
 * project takes it out, so a reload shows only the hint. It never goes into a URL, a cookie or a
 * log.
 *
 * <p>Entries expire after {@link #TTL}; at most {@value #MAX_ENTRIES} are kept (oldest dropped).
 * Behind a load balancer the redirect must reach the same node (sticky sessions); otherwise the
 * key is not shown and the person rotates it. Thread-safe.
 */
final class Flash {

    static final Duration TTL = Duration.ofMinutes(10);
    static final int MAX_ENTRIES = 1000;

    /**
     * A new server key to show once.
     *
     * @param serverApiKey          the full {@code xs_sk_...} key
     * @param rotated               false right after creation, true after a rotation
     * @param previousKeyValidUntil after a rotation with grace: until when the old key works; else null
     */
    record NewKey(String serverApiKey, boolean rotated, Instant previousKeyValidUntil) {
        @Override
        public String toString() {
            return "NewKey[serverApiKey=(hidden), rotated=" + rotated + "]";
        }
    }

    /** A confirmation to show once ("Project renamed."). */
    record Notice(String text) {
    }

    private record Entry(Object value, Instant expires) {
    }

    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    Flash(Clock clock) {
        this.clock = clock;
    }

    /** Keeps the value for the session's next view of the slot (replacing an earlier one). */
    synchronized void put(String sessionKey, String slot, Object value) {
        Instant now = clock.instant();
        // Insertion order is expiry order (one TTL for all): drop expired entries from the front.
        var it = entries.values().iterator();
        while (it.hasNext() && !now.isBefore(it.next().expires())) {
            it.remove();
        }
        String k = sessionKey + "/" + slot;
        entries.remove(k);
        entries.put(k, new Entry(value, now.plus(TTL)));
    }

    /** Takes the value out when it is of that type: a second call answers empty. */
    synchronized <T> Optional<T> take(String sessionKey, String slot, Class<T> type) {
        String k = sessionKey + "/" + slot;
        Entry e = entries.get(k);
        if (e == null || !type.isInstance(e.value())) {
            return Optional.empty();
        }
        entries.remove(k);
        return clock.instant().isBefore(e.expires()) ? Optional.of(type.cast(e.value())) : Optional.empty();
    }

    synchronized int size() {
        return entries.size();
    }
}
