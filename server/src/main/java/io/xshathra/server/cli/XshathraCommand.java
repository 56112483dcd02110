package io.xshathra.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code xshathra} command; without a subcommand it prints usage. */
@Command(name = "xshathra", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Xshathra Realtime: a Centrifugo-compatible realtime messaging server.",
        synopsisSubcommandLabel = "COMMAND")
public final class XshathraCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
