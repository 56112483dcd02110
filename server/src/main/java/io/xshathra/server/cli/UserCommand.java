package io.xshathra.server.cli;

import picocli.CommandLine.Command;

/** {@code xshathra user}: console accounts; without a subcommand it prints usage. */
@Command(name = "user", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Manage console accounts.", synopsisSubcommandLabel = "COMMAND")
public final class UserCommand extends CommandGroup {
}
