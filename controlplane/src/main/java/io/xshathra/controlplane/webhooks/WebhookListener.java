package io.xshathra.controlplane.webhooks;

/**
 * Told about each successful webhook delivery (for per-project usage figures). Called on a
 * delivery thread; must be quick and must not block.
 */
@FunctionalInterface
public interface WebhookListener {

    /** Nobody is listening. */
    WebhookListener NONE = (projectId, events) -> {
    };

    /** A batch of {@code events} events of the project was answered with a 2xx. */
    void delivered(String projectId, int events);
}
