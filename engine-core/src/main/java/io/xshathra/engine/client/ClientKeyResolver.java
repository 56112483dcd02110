package io.xshathra.engine.client;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Resolves a project's public client key (sent by browser clients in the connect command's
 * {@code data} as {@code {"clientApiKey": "..."}} or as the {@code client_api_key} query
 * parameter) to the project id. Such a connection is anonymous and read-only in that project's
 * channel space. The stage may complete on any thread.
 */
@FunctionalInterface
public interface ClientKeyResolver {

    /** No client keys: every key is unknown. */
    ClientKeyResolver NONE = key -> CompletableFuture.completedFuture(Optional.empty());

    /** The project id owning the key, or empty for an unknown key. */
    CompletionStage<Optional<String>> projectOf(String clientApiKey);
}
