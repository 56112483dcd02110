package io.xshathra.engine.project;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * This node's occupancy of channels, settled per key. The hub reports a channel's first and
 * last local subscriber strictly alternately, but the threads that then report them here can
 * overtake each other (a "last" may arrive before the "first" it follows). Counting the reports
 * per key keeps the truth: the count is 1 while the channel is held, 0 while it is not, and -1
 * only for the moment a "last" overtook its "first" (which then cancel out, nothing reported).
 * The callbacks run inside the key's bin lock of a {@link ConcurrentHashMap}, so the reports of
 * one key reach them in order; they must be quick and never block.
 *
 * <p>Bounded by the hub: at most one entry per channel with local subscribers (plus the rare
 * overtaken one, gone with its "first").
 */
public final class LocalTransitions {
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final Consumer<String> onHeld;
    private final Consumer<String> onReleased;

    /**
     * @param onHeld     the key became held by this node
     * @param onReleased the key is no longer held by this node
     */
    public LocalTransitions(Consumer<String> onHeld, Consumer<String> onReleased) {
        this.onHeld = onHeld;
        this.onReleased = onReleased;
    }

    /** A first ({@code first} true) or last local subscriber of {@code key} was reported. */
    public void report(String key, boolean first) {
        counts.compute(key, (k, c) -> {
            int before = c == null ? 0 : c;
            int after = before + (first ? 1 : -1);
            if (before == 0 && after == 1) {
                onHeld.accept(k);
            } else if (before == 1 && after == 0) {
                onReleased.accept(k);
            }
            return after == 0 ? null : after;
        });
    }

    /** Whether this node holds the key now. */
    public boolean held(String key) {
        Integer c = counts.get(key);
        return c != null && c > 0;
    }

    /** The keys held now (a snapshot). */
    public Set<String> heldKeys() {
        Set<String> out = new java.util.HashSet<>();
        counts.forEach((k, c) -> {
            if (c > 0) {
                out.add(k);
            }
        });
        return out;
    }

    /**
     * Runs {@code action} with whether {@code key} is held, under the key's bin lock, so that it
     * cannot interleave with the key's transitions (re-registering after a Redis outage).
     */
    public void locked(String key, Consumer<Boolean> action) {
        counts.compute(key, (k, c) -> {
            action.accept(c != null && c > 0);
            return c;
        });
    }
}
