package io.xshathra.server.cli;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code xshathra project webhook}: a project's webhook endpoints; without a subcommand it prints usage. */
@Command(name = "webhook", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = {"Manage a project's webhook endpoints: where events of its channels are POSTed",
                "(channel_occupied, channel_vacated, member_added, member_removed, client_publication)."},
        synopsisSubcommandLabel = "COMMAND")
public final class ProjectWebhookCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** The command with its {@code add}, {@code list} and {@code remove} subcommands. */
    static CommandLine create(Map<String, String> env, Path workDir, Terminal terminal) {
        return new CommandLine(new ProjectWebhookCommand())
                .addSubcommand(new ProjectWebhookAddCommand(env, workDir, terminal))
                .addSubcommand(new ProjectWebhookListCommand(env, workDir, terminal))
                .addSubcommand(new ProjectWebhookRemoveCommand(env, workDir, terminal));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /** Fails with {@code NOT_FOUND} unless the project exists. */
    static void requireProject(ControlPlaneStore store, String projectId) {
        if (StorageCommand.await(store.projects().find(projectId)).isEmpty()) {
            throw new ControlPlaneException(ControlPlaneException.Reason.NOT_FOUND, "no such project: " + projectId);
        }
    }
}
