package io.xshathra.server.cli;

import io.xshathra.controlplane.InputRules;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code xshathra project rename ID NAME}: renames a project; its id and keys stay. */
@Command(name = "rename", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Rename a project (its id and keys do not change).")
public final class ProjectRenameCommand extends StorageCommand {

    @Mixin
    ProjectArgument.Id project;

    @Parameters(index = "1", paramLabel = "NAME", description = "The new name, 1 to 100 characters, unique per owner")
    String newName;

    public ProjectRenameCommand(Map<String, String> env, Path workDir, Terminal terminal) {
        super(env, workDir, terminal);
    }

    @Override
    Integer check() {
        newName = InputRules.projectName(newName);
        return null;
    }

    @Override
    int run(ControlPlaneStore store) {
        String before = await(store.projects().find(project.id())).map(Project::name).orElse("");
        Project p = await(store.projects().rename(project.id(), newName));
        audit(store, p.id(), "project.rename", Map.of("from", before, "to", p.name()));
        out().println("renamed " + p.id() + " to \"" + p.name() + "\"");
        return 0;
    }
}
