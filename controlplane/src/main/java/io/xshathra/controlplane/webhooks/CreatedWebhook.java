package io.xshathra.controlplane.webhooks;

/**
 * A new webhook endpoint with its signing secret. The secret is stored (every delivery is signed
 * with it) but only shown here: print it once and drop it.
 *
 * @param endpoint the stored endpoint
 * @param secret   {@code whsec_...}
 */
public record CreatedWebhook(WebhookEndpoint endpoint, String secret) {

    @Override
    public String toString() {
        return "CreatedWebhook[endpoint=" + endpoint + ", secret=(hidden)]";
    }
}
