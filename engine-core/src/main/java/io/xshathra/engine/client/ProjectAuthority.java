package io.xshathra.engine.client;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the engine asks the control plane about projects at connect time. Stages may complete on
 * any thread; implementations should answer from a cache where they can, since every connect
 * of a project's client asks.
 */
public interface ProjectAuthority {

    /** No control plane: no client keys, and every project id in a valid token is accepted. */
    ProjectAuthority NONE = new ProjectAuthority() {
        @Override
        public CompletionStage<Optional<String>> projectOf(String clientApiKey) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletionStage<Boolean> isActive(String projectId) {
            return CompletableFuture.completedFuture(true);
        }
    };

    /**
     * Resolves a project's public client key (sent by browser clients in the connect command's
     * {@code data} as {@code {"clientApiKey": "..."}} or as the {@code client_api_key} query
     * parameter) to the project id; such a connection is anonymous and read-only in that
     * project's channel space. Empty for an unknown key.
     */
    CompletionStage<Optional<String>> projectOf(String clientApiKey);

    /** Whether a project still exists; tokens of a deleted project are refused (3500). */
    CompletionStage<Boolean> isActive(String projectId);
}
