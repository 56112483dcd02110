package io.xshathra.controlplane.webhooks;

import io.xshathra.engine.project.TenantEvent;
import java.net.URI;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One of a project's webhook endpoints as stored, without its secret (which is shown once, at
 * creation, in {@link CreatedWebhook}).
 *
 * @param id        {@code wh_} + a ULID
 * @param projectId the project it belongs to
 * @param url       where batches are POSTed
 * @param events    the kinds of event it receives (never empty)
 * @param createdAt epoch milliseconds
 */
public record WebhookEndpoint(String id, String projectId, URI url, Set<TenantEvent.Kind> events, long createdAt) {

    public WebhookEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(url, "url");
        events = events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
    }

    /** The event names in their declared order, for display and JSON. */
    public java.util.List<String> eventNames() {
        return EnumSet.copyOf(events).stream().map(TenantEvent.Kind::wireName).toList();
    }
}
