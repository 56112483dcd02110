package io.xshathra.server.cli;

import picocli.CommandLine.Command;

/** {@code xshathra project}: projects and their keys; without a subcommand it prints usage. */
@Command(name = "project", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Manage projects and their API keys.", synopsisSubcommandLabel = "COMMAND")
public final class ProjectCommand extends CommandGroup {
}
