package io.xshathra.server.cli;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xshathra project delete ID}: deletes a project; both its keys stop working at once. Asks
 * for confirmation on a terminal; elsewhere (scripts) {@code --yes} is required.
 */
@Command(name = "delete", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = {"Delete a project. Its keys stop working at once.",
                "Asks for confirmation unless --yes is given; without a terminal --yes is required."})
public final class ProjectDeleteCommand extends StorageCommand {

    @Mixin
    ProjectArgument.Id project;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation")
    boolean yes;

    public ProjectDeleteCommand(Map<String, String> env, Path workDir, Terminal terminal) {
        super(env, workDir, terminal);
    }

    @Override
    Integer check() {
        if (!yes && !terminal.interactive()) {
            err().println(name() + ": standard input is not a terminal; pass --yes to delete without confirmation");
            return 2;
        }
        return null;
    }

    @Override
    int run(ControlPlaneStore store) {
        Project p = project.require(store);
        if (!yes) {
            String answer = terminal.readLine("Delete project \"" + p.name() + "\" (" + p.id()
                    + ")? Its keys stop working at once. [y/N] ");
            String a = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
            if (!a.equals("y") && !a.equals("yes")) {
                err().println(name() + ": not deleted");
                return 1;
            }
        }
        if (!await(store.projects().delete(p.id()))) {
            throw new ControlPlaneException(ControlPlaneException.Reason.NOT_FOUND, "no such project: " + project.id());
        }
        audit(store, p.id(), "project.delete", Map.of("name", p.name()));
        out().println("deleted project \"" + p.name() + "\" (" + p.id() + ")");
        return 0;
    }
}
