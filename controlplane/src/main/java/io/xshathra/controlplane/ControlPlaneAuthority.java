package io.xshathra.controlplane;

import io.xshathra.engine.client.ProjectAuthority;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Answers the engine's connect-time questions from the {@link ProjectDirectory}, whose bounded
 * memory of confirmed keys and projects keeps a reconnect storm from becoming a storm of
 * database reads, and whose own threads keep connects from waiting behind sign-ins. A client
 * key or project that stops existing stops being accepted as the directory says: at once for a
 * change made by this process, within the change feed's bound for one made elsewhere.
 */
public final class ControlPlaneAuthority implements ProjectAuthority {

    private final ProjectDirectory directory;

    public ControlPlaneAuthority(ProjectDirectory directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public CompletionStage<Optional<String>> projectOf(String clientApiKey) {
        return directory.findByClientKey(clientApiKey).thenApply(p -> p.map(Project::id));
    }

    @Override
    public CompletionStage<Boolean> isActive(String projectId) {
        return directory.find(projectId).thenApply(Optional::isPresent);
    }
}
