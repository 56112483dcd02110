package io.xshathra.controlplane.webhooks;

import io.xshathra.controlplane.ProjectEvents;
import io.xshathra.controlplane.StorageException;
import io.xshathra.engine.project.TenantEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which endpoints of which projects want which events, in memory, so that the engine's question
 * "does anyone want this?" is one map lookup. Loaded when the server starts; a project is read
 * again whenever the project change feed reports it (at once for a change made through this
 * process, within the feed's bound for one made by another node or the CLI). Its size is the
 * number of projects with endpoints (at most {@link WebhookStore#MAX_ENDPOINTS_PER_PROJECT} each).
 * Thread-safe.
 */
final class WebhookIndex {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIndex.class);

    /** One endpoint: its id and the bits of the kinds it wants. */
    record Target(String endpointId, int mask) {
    }

    /** A project's endpoints and the union of what they want. */
    record Entry(int mask, List<Target> targets) {
    }

    private final WebhookStore store;
    private final Map<String, Entry> byProject = new ConcurrentHashMap<>();
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    WebhookIndex(WebhookStore store) {
        this.store = store;
    }

    /** Reads every endpoint (blocking, at startup) and follows the change feed. */
    void start(ProjectEvents events) {
        events.onChanged(this::reload);
        try {
            Map<String, List<WebhookEndpoint>> grouped = new HashMap<>();
            for (WebhookEndpoint e : store.all().toCompletableFuture().get(30, TimeUnit.SECONDS)) {
                grouped.computeIfAbsent(e.projectId(), p -> new ArrayList<>()).add(e);
            }
            grouped.forEach((p, list) -> byProject.putIfAbsent(p, entry(list)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while reading webhooks", e);
        } catch (Exception e) {
            throw new StorageException("cannot read webhooks: " + e.getMessage(), e);
        }
    }

    static int bit(TenantEvent.Kind kind) {
        return 1 << kind.ordinal();
    }

    boolean wants(String projectId, TenantEvent.Kind kind) {
        Entry e = projectId == null ? null : byProject.get(projectId);
        return e != null && (e.mask() & bit(kind)) != 0;
    }

    /** The project's endpoints, or null when it has none. */
    Entry of(String projectId) {
        return byProject.get(projectId);
    }

    int size() {
        return byProject.size();
    }

    /** Takes a project's endpoints as they now are (also used by tests and after local changes). */
    void apply(String projectId, List<WebhookEndpoint> endpoints) {
        if (endpoints.isEmpty()) {
            byProject.remove(projectId);
        } else {
            byProject.put(projectId, entry(endpoints));
        }
    }

    private static Entry entry(List<WebhookEndpoint> endpoints) {
        int all = 0;
        List<Target> targets = new ArrayList<>(endpoints.size());
        for (WebhookEndpoint e : endpoints) {
            int mask = 0;
            for (TenantEvent.Kind k : e.events()) {
                mask |= bit(k);
            }
            all |= mask;
            targets.add(new Target(e.id(), mask));
        }
        return new Entry(all, List.copyOf(targets));
    }

    private void reload(String projectId) {
        long mine = pending.merge(projectId, 1L, Long::sum);
        store.list(projectId).whenComplete((list, failure) -> {
            if (pending.compute(projectId, (id, latest) -> latest != null && latest == mine ? null : latest) != null) {
                return; // a later reload is under way and will decide
            }
            if (failure == null) {
                apply(projectId, list);
            } else {
                LOG.warn("cannot read the webhooks of project {}: {}", projectId, failure.toString());
            }
        });
    }
}
