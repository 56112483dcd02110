package io.xshathra.controlplane.webhooks;

import io.xshathra.controlplane.ProjectIndex;
import io.xshathra.controlplane.ProjectIndexLoader;
import io.xshathra.engine.project.TenantEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Which endpoints of which projects want which events, in memory, so that the engine's question
 * "does anyone want this?" is one map lookup. Kept current by the {@link ProjectIndexLoader}:
 * loaded when the server starts, a project read again whenever the project change feed reports it
 * (at once for a change made through this process, within the feed's bound for one made by
 * another node or the CLI). Its size is the number of projects with endpoints (at most
 * {@link WebhookStore#MAX_ENDPOINTS_PER_PROJECT} each). Thread-safe.
 */
final class WebhookIndex extends ProjectIndex<List<WebhookEndpoint>, WebhookIndex.Entry> {

    /** One endpoint: its id and the bits of the kinds it wants. */
    record Target(String endpointId, int mask) {
    }

    /** A project's endpoints and the union of what they want. */
    record Entry(int mask, List<Target> targets) {
    }

    private final WebhookStore store;

    WebhookIndex(WebhookStore store) {
        super("webhooks");
        this.store = store;
    }

    static int bit(TenantEvent.Kind kind) {
        return 1 << kind.ordinal();
    }

    boolean wants(String projectId, TenantEvent.Kind kind) {
        Entry e = entryOf(projectId);
        return e != null && (e.mask() & bit(kind)) != 0;
    }

    /** The project's endpoints, or null when it has none. */
    Entry of(String projectId) {
        return entryOf(projectId);
    }

    @Override
    public CompletionStage<Map<String, List<WebhookEndpoint>>> readAll() {
        return store.all().thenApply(all -> {
            Map<String, List<WebhookEndpoint>> grouped = new HashMap<>();
            for (WebhookEndpoint e : all) {
                grouped.computeIfAbsent(e.projectId(), p -> new ArrayList<>()).add(e);
            }
            return grouped;
        });
    }

    @Override
    public CompletionStage<List<WebhookEndpoint>> read(String projectId) {
        return store.list(projectId);
    }

    /** A project with endpoints has an entry: what each wants and the union. */
    @Override
    protected Entry entry(String projectId, List<WebhookEndpoint> endpoints) {
        return endpoints.isEmpty() ? null : entry(endpoints);
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
}
