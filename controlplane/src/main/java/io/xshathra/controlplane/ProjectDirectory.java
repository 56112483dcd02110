package io.xshathra.controlplane;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The read side of projects that request paths need: which project a key belongs to. Answers
 * come from a bounded memory of keys the database confirmed when they can, otherwise from a
 * database read on threads reserved for these lookups, so they never wait behind sign-ins or
 * other control-plane work; never on an event loop. A key that stops working (rotation,
 * deletion) stops here at once when the change was made through this process, and within a
 * few seconds when made by another node or the CLI (see {@code docs/controlplane.md}).
 * Stages complete on the caller's thread (remembered answers) or on a lookup thread; when too
 * many lookups wait, they fail at once with an overloaded {@link StorageException}.
 */
public interface ProjectDirectory {

    /**
     * The project whose current server key (or previous key still in its grace period) this is.
     * Compared in constant time against the stored hash; empty for an unknown, deleted or
     * expired key.
     */
    CompletionStage<Optional<Project>> authenticateServerKey(String serverApiKey);

    /**
     * What {@link #authenticateServerKey} would answer from memory alone, without reading the
     * database: the project when the key is remembered as valid, else empty (unknown, or not
     * remembered). Lets a caller treat keys it has already seen differently from new ones.
     */
    default Optional<Project> cachedServerKey(String serverApiKey) {
        return Optional.empty();
    }

    /** The project with this public client key. */
    CompletionStage<Optional<Project>> findByClientKey(String clientApiKey);

    /** A project by id (empty when deleted). */
    CompletionStage<Optional<Project>> find(String projectId);

    /** Completes normally when the database answers a trivial query. */
    CompletionStage<Void> ping();
}
