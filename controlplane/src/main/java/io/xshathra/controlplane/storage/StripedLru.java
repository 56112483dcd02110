package io.xshathra.controlplane.storage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A bounded map that forgets its least recently used entries: {@value #STRIPES} stripes, each an
 * access-ordered {@link LinkedHashMap} behind its own lock, so readers on different event loops
 * rarely meet. When a stripe is full, putting a new key drops that stripe's least recently used
 * entry (and only that one): the whole map never holds more than {@code capacity} entries
 * (rounded up to a multiple of the stripe count), and a full map is never cleared wholesale.
 * Thread-safe.
 *
 * @param <V> the values
 */
final class StripedLru<V> {

    static final int STRIPES = 16;

    private final Stripe<V>[] stripes;

    private static final class Stripe<V> extends LinkedHashMap<String, V> {
        private static final long serialVersionUID = 1L;
        private final int max;

        Stripe(int max) {
            super(16, 0.75f, true);
            this.max = max;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
            return size() > max;
        }
    }

    @SuppressWarnings("unchecked")
    StripedLru(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        int perStripe = Math.max(1, (capacity + STRIPES - 1) / STRIPES);
        stripes = new Stripe[STRIPES];
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe<>(perStripe);
        }
    }

    private Stripe<V> stripe(String key) {
        int h = key.hashCode();
        return stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
    }

    /** The value, marking it recently used; null when absent. */
    V get(String key) {
        Stripe<V> s = stripe(key);
        synchronized (s) {
            return s.get(key);
        }
    }

    /**
     * Stores the value if {@code stillValid} holds while the stripe is locked; a check made under
     * the lock cannot interleave with {@link #removeIf} on the same stripe.
     *
     * @return whether it was stored
     */
    boolean putIf(String key, V value, BooleanSupplier stillValid) {
        Stripe<V> s = stripe(key);
        synchronized (s) {
            if (!stillValid.getAsBoolean()) {
                return false;
            }
            s.put(key, value);
            return true;
        }
    }

    void remove(String key) {
        Stripe<V> s = stripe(key);
        synchronized (s) {
            s.remove(key);
        }
    }

    /** Removes every entry whose value matches; a scan of all entries, for rare events. */
    void removeIf(Predicate<V> doomed) {
        for (Stripe<V> s : stripes) {
            synchronized (s) {
                s.values().removeIf(doomed);
            }
        }
    }

    void clear() {
        for (Stripe<V> s : stripes) {
            synchronized (s) {
                s.clear();
            }
        }
    }

    int size() {
        int n = 0;
        for (Stripe<V> s : stripes) {
            synchronized (s) {
                n += s.size();
            }
        }
        return n;
    }

    /** Whether any key contains the text: for tests that check what is kept. */
    boolean anyKeyContains(String text) {
        for (Stripe<V> s : stripes) {
            synchronized (s) {
                if (s.keySet().stream().anyMatch(k -> k.contains(text))) {
                    return true;
                }
            }
        }
        return false;
    }
}
