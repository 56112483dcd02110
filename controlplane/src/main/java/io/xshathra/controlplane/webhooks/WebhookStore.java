package io.xshathra.controlplane.webhooks;

import io.xshathra.engine.project.TenantEvent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Projects' webhook endpoints, the durable outbox of batches for them and the log of recent
 * delivery attempts. Ownership is not checked here (the console and the command line check it).
 * A change to a project's endpoints is recorded in the project change feed, so every process
 * sharing the database hears of it (at once here, within the feed's bound elsewhere). Stages run
 * on the storage executor and fail with {@code ControlPlaneException} on refusals.
 */
public interface WebhookStore {

    /** Endpoints one project may have. */
    int MAX_ENDPOINTS_PER_PROJECT = 10;
    /** Batches one project may have waiting in the outbox; further batches are dropped and counted. */
    int MAX_OUTBOX_PER_PROJECT = 10_000;
    /** Delivery attempts kept per endpoint. */
    int DELIVERY_LOG = 50;

    /**
     * Adds an endpoint with a fresh {@code whsec_} secret. The URL follows the backend endpoint
     * rules ({@code InputRules.proxyEndpoint}) and the operator's private-network setting; the
     * events must not be empty. Fails with {@code INVALID_ARGUMENT} (bad URL, no events, too many
     * endpoints) or {@code NOT_FOUND} (unknown project).
     */
    CompletionStage<CreatedWebhook> add(String projectId, String url, Set<TenantEvent.Kind> events);

    /** The project's endpoints, oldest first (empty for an unknown project). */
    CompletionStage<List<WebhookEndpoint>> list(String projectId);

    /** Every endpoint of every project (read once when a server starts). */
    CompletionStage<List<WebhookEndpoint>> all();

    /** Removes an endpoint of the project with its waiting batches and its log; true when it existed. */
    CompletionStage<Boolean> remove(String projectId, String endpointId);

    /**
     * Writes the batches in one transaction. A batch for an endpoint that no longer exists is
     * skipped; one for a project whose outbox already holds {@link #MAX_OUTBOX_PER_PROJECT}
     * batches is dropped. Answers how many batches were dropped or skipped.
     */
    CompletionStage<Integer> enqueue(List<OutboxBatch> batches);

    /**
     * Leases up to {@code limit} batches that are due and not leased by a live node (each to one
     * node only: a lease that ran out, because its node died, may be taken again).
     *
     * @param owner   this node's id
     * @param leaseMs how long the lease lasts
     */
    CompletionStage<List<ClaimedBatch>> claim(String owner, int limit, long leaseMs);

    /**
     * Records an attempt of a leased batch in the delivery log, then deletes the batch
     * ({@code retryAt} null: delivered or abandoned) or schedules its next attempt at
     * {@code retryAt} (epoch milliseconds) and releases the lease.
     */
    CompletionStage<Void> finish(ClaimedBatch batch, WebhookDelivery attempt, Long retryAt);

    /** The project's last delivery attempts, newest first, at most {@link #DELIVERY_LOG} per endpoint. */
    CompletionStage<List<WebhookDelivery>> deliveries(String projectId);

    /** Batches of the project waiting in the outbox. */
    CompletionStage<Integer> pending(String projectId);
}
