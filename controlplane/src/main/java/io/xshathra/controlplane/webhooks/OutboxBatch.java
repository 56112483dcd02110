package io.xshathra.controlplane.webhooks;

import java.util.Objects;

/**
 * A batch ready to be written to the outbox: the complete request body for one endpoint.
 *
 * @param endpointId the endpoint it goes to
 * @param projectId  the endpoint's project (for the per-project outbox bound)
 * @param body       the JSON body, signed at each attempt as it is
 * @param eventCount events in it
 */
public record OutboxBatch(String endpointId, String projectId, String body, int eventCount) {

    public OutboxBatch {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(body, "body");
    }
}
