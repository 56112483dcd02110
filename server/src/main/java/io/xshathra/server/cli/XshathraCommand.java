package io.xshathra.server.cli;

import picocli.CommandLine.Command;

/** The top-level {@code xshathra} command; without a subcommand it prints usage. */
@Command(name = "xshathra", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Xshathra Realtime: a Centrifugo-compatible realtime messaging server.",
        synopsisSubcommandLabel = "COMMAND")
public final class XshathraCommand extends CommandGroup {
}
