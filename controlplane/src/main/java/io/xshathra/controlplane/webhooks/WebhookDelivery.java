package io.xshathra.controlplane.webhooks;

/**
 * One delivery attempt of a batch, as the delivery log keeps it.
 *
 * @param endpointId  the endpoint it went to
 * @param attemptedAt epoch milliseconds when the attempt started
 * @param status      the HTTP status answered, 0 when none came
 * @param error       why it failed without a status ({@code timeout}, {@code connection refused}…), or ""
 * @param durationMs  how long the attempt took
 * @param eventCount  events in the batch
 * @param attempt     1 for the first attempt of the batch, 2 for its first retry…
 */
public record WebhookDelivery(String endpointId, long attemptedAt, int status, String error, long durationMs,
                              int eventCount, int attempt) {

    public WebhookDelivery {
        error = error == null ? "" : error;
    }

    /** A 2xx answer. */
    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
