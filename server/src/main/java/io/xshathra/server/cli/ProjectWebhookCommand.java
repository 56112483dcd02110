package io.xshathra.server.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code xshathra project webhook}: a project's webhook endpoints; without a subcommand it prints usage. */
@Command(name = "webhook", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = {"Manage a project's webhook endpoints: where events of its channels are POSTed",
                "(channel_occupied, channel_vacated, member_added, member_removed, client_publication)."},
        synopsisSubcommandLabel = "COMMAND")
public final class ProjectWebhookCommand extends CommandGroup {

    /** The command with its {@code add}, {@code list} and {@code remove} subcommands. */
    static CommandLine create(Map<String, String> env, Path workDir, Terminal terminal) {
        return CommandGroup.of(new ProjectWebhookCommand(),
                new ProjectWebhookAddCommand(env, workDir, terminal),
                new ProjectWebhookListCommand(env, workDir, terminal),
                new ProjectWebhookRemoveCommand(env, workDir, terminal));
    }
}
