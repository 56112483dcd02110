package io.xshathra.controlplane;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A project's backend endpoints ({@link ProxyKind}): the engine calls them, signed with the
 * project's secret, so a project can let its own backend authorise connections, subscriptions,
 * publications and RPCs without holding any engine secret. Ownership is not checked here (the
 * console and the command line check it). Changes reach every process sharing the database the
 * way key changes do: at once here, within the change feed's bound elsewhere. Stages fail with
 * {@link ControlPlaneException} on refusals.
 */
public interface ProxySettings {

    /** The timeout used when none is given. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    /**
     * The project's endpoints, from a bounded memory when this process has read them recently
     * (never on an event loop's time: a miss is read on the key-lookup threads). Fails with
     * {@code NOT_FOUND} for an unknown project.
     */
    CompletionStage<ProjectProxies> of(String projectId);

    /** Every project that has at least one endpoint (read once when a server starts). */
    CompletionStage<java.util.List<ProjectProxies>> all();

    /**
     * Sets (or replaces) one endpoint. The URL and timeout are checked with
     * {@link InputRules#proxyEndpoint} and {@link InputRules#proxyTimeout}; the first endpoint a
     * project gets also gives it a signing secret.
     */
    CompletionStage<ProjectProxies> set(String projectId, ProxyKind kind, String url, Duration timeout);

    /** Removes one endpoint (nothing happens when there is none). */
    CompletionStage<ProjectProxies> remove(String projectId, ProxyKind kind);

    /** Replaces the signing secret; calls are signed with the new one at once. */
    CompletionStage<ProjectProxies> rotateSigningSecret(String projectId);

    /**
     * Registers a listener called with a project's settings after a change made through this
     * process has committed, on the storage thread, before the change's stage completes; so what
     * follows a completed change already sees it. Listeners must be quick and must not block.
     */
    void onSaved(java.util.function.Consumer<ProjectProxies> listener);
}
