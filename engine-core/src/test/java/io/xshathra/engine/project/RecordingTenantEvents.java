package io.xshathra.engine.project;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TenantEvents} that keeps every event it is given, for the projects and kinds a test
 * says are wanted (everything is unwanted until then). Thread-safe.
 */
public final class RecordingTenantEvents implements TenantEvents {
    private final Map<String, Set<TenantEvent.Kind>> wanted = new ConcurrentHashMap<>();
    private final List<TenantEvent> events = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();

    /** The project now wants events of these kinds (all kinds when none are given). */
    public RecordingTenantEvents want(String projectId, TenantEvent.Kind... kinds) {
        wanted.put(projectId, kinds.length == 0 ? EnumSet.allOf(TenantEvent.Kind.class) : EnumSet.of(kinds[0], kinds));
        return this;
    }

    /** The project no longer wants anything. */
    public void unwant(String projectId) {
        wanted.remove(projectId);
    }

    @Override
    public boolean wants(String projectId, TenantEvent.Kind kind) {
        asked.incrementAndGet();
        Set<TenantEvent.Kind> kinds = wanted.get(projectId);
        return kinds != null && kinds.contains(kind);
    }

    @Override
    public synchronized void emit(TenantEvent event) {
        events.add(event);
    }

    /** Every event so far, in emission order. */
    public synchronized List<TenantEvent> events() {
        return List.copyOf(events);
    }

    /** The events of one kind so far. */
    public synchronized List<TenantEvent> events(TenantEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    /** How many times {@link #wants} was asked. */
    public int asked() {
        return asked.get();
    }

    public synchronized void clear() {
        events.clear();
    }
}
