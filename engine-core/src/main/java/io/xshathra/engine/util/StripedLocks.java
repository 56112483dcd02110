package io.xshathra.engine.util;

/**
 * A fixed set of monitors shared by name: operations on one name (a channel) are serialised by
 * {@code synchronized (locks.of(name))}, while different names mostly proceed in parallel,
 * without a lock object per name. Thread-safe.
 */
public final class StripedLocks {
    private final Object[] locks;

    /** @param stripes how many monitors; more means fewer unrelated names sharing one */
    public StripedLocks(int stripes) {
        locks = new Object[stripes];
        for (int i = 0; i < stripes; i++) {
            locks[i] = new Object();
        }
    }

    /** The monitor of {@code name}. */
    public Object of(String name) {
        return locks[(name.hashCode() & 0x7fffffff) % locks.length];
    }
}
