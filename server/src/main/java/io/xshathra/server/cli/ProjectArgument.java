package io.xshathra.server.cli;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import picocli.CommandLine.Parameters;

/**
 * The project a command acts on, its first positional parameter, as a picocli mixin
 * ({@code @Mixin ProjectArgument.Id project}). The two subclasses differ only in the label the
 * help shows: {@code ID} where the project is all the command names, {@code PROJECT} where an id
 * or name of something inside the project follows it.
 */
abstract class ProjectArgument {
    static final String DESCRIPTION = "The project id (proj_...)";

    private String id;

    /** The project id as given. */
    String id() {
        return id;
    }

    void set(String projectId) {
        this.id = projectId;
    }

    /**
     * The project; an unknown id is a {@code NOT_FOUND} refusal, which {@link StorageCommand}
     * turns into "no such project: ID" on standard error and exit code 1.
     */
    Project require(ControlPlaneStore store) {
        return StorageCommand.await(store.projects().find(id)).orElseThrow(() -> new ControlPlaneException(
                ControlPlaneException.Reason.NOT_FOUND, "no such project: " + id));
    }

    /** Labelled {@code ID}. */
    static final class Id extends ProjectArgument {
        @Parameters(index = "0", paramLabel = "ID", description = DESCRIPTION)
        void id(String projectId) {
            set(projectId);
        }
    }

    /** Labelled {@code PROJECT}: the project holding the namespace or webhook the next parameter names. */
    static final class Parent extends ProjectArgument {
        @Parameters(index = "0", paramLabel = "PROJECT", description = DESCRIPTION)
        void id(String projectId) {
            set(projectId);
        }
    }
}
