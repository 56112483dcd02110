package io.xshathra.client;

import java.util.List;

/**
 * Where a broadcast landed: one result per channel, in the order of the request. The server
 * answers only when every channel was published to; otherwise the call fails (repeat it with the
 * same idempotency key to complete it without duplicates).
 */
public record BroadcastResult(List<PublishResult> results) {
    public BroadcastResult {
        results = List.copyOf(results);
    }
}
