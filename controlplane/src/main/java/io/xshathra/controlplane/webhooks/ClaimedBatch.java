package io.xshathra.controlplane.webhooks;

import java.net.URI;

/**
 * An outbox batch this node has leased for delivery, with what delivering it needs.
 *
 * @param id         the outbox row
 * @param endpointId the endpoint it goes to
 * @param projectId  the endpoint's project
 * @param url        the endpoint's URL
 * @param secret     the endpoint's signing secret
 * @param body       the request body
 * @param eventCount events in it
 * @param attempts   attempts made before this one
 * @param createdAt  epoch milliseconds when it entered the outbox (it is abandoned a day later)
 */
public record ClaimedBatch(String id, String endpointId, String projectId, URI url, String secret, String body,
                           int eventCount, int attempts, long createdAt) {

    @Override
    public String toString() {
        return "ClaimedBatch[id=" + id + ", endpointId=" + endpointId + ", url=" + url + ", attempts=" + attempts + "]";
    }
}
