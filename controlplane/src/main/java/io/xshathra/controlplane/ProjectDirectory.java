package io.xshathra.controlplane;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The read side of projects that request paths need: which project a key belongs to. Lookups
 * run on the storage executor, never on an event loop; stages complete there.
 */
public interface ProjectDirectory {

    /**
     * The project whose current server key (or previous key still in its grace period) this is.
     * Compared in constant time against the stored hash; empty for an unknown, deleted or
     * expired key.
     */
    CompletionStage<Optional<Project>> authenticateServerKey(String serverApiKey);

    /** The project with this public client key. */
    CompletionStage<Optional<Project>> findByClientKey(String clientApiKey);

    /** A project by id (empty when deleted). */
    CompletionStage<Optional<Project>> find(String projectId);

    /** Completes normally when the database answers a trivial query. */
    CompletionStage<Void> ping();
}
