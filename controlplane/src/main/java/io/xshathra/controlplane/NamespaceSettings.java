package io.xshathra.controlplane;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Projects' own namespaces: the options of {@code channel.namespaces}, per project. A new project
 * starts with a copy of the configuration's namespaces; from then on its list is its own (later
 * changes to the configuration do not change it). Names follow the configuration's rule
 * ({@value #NAME_RULE}, at most {@value #MAX_NAME_LENGTH} characters); a project has at most
 * {@value #MAX_NAMESPACES} namespaces; one namespace's options are at most
 * {@value #MAX_OPTIONS_BYTES} bytes of JSON, checked by the injected {@link NamespaceCompiler}.
 * Changes reach every process sharing the database the way key changes do: at once here, within
 * the change feed's bound elsewhere. Ownership is not checked here. Stages fail with
 * {@link ControlPlaneException}.
 */
public interface NamespaceSettings {

    String NAME_RULE = "^[-a-zA-Z0-9_.]{2,}$";
    int MAX_NAME_LENGTH = 64;
    int MAX_NAMESPACES = 100;
    int MAX_OPTIONS_BYTES = 16 * 1024;

    /** The project's namespaces; fails with {@code NOT_FOUND} for an unknown project. */
    CompletionStage<NamespaceSet> of(String projectId);

    /** Every project that has its own list (read once when a server starts). */
    CompletionStage<List<NamespaceSet>> all();

    /**
     * Adds or replaces one namespace. Fails with {@code INVALID_NAME} for a bad name,
     * {@code INVALID_ARGUMENT} for bad options (the message names the key) or one namespace too
     * many, {@code NOT_FOUND} for an unknown project.
     */
    CompletionStage<NamespaceSet> set(String projectId, String name, String optionsJson);

    /** Removes one namespace; fails with {@code NOT_FOUND} when the project or the namespace does not exist. */
    CompletionStage<NamespaceSet> remove(String projectId, String name);

    /**
     * Gives every project that has no list of its own (one created before namespaces were per
     * project) a copy of the configuration's namespaces; answers how many got one. A server runs
     * it when it starts.
     */
    CompletionStage<Integer> adoptDefaults();

    /**
     * Registers a listener called with a project's namespaces after a change made through this
     * process has committed, before the change's stage completes. Must be quick and not block.
     */
    void onSaved(Consumer<NamespaceSet> listener);
}
