package io.xshathra.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code xshathra user}: console accounts; without a subcommand it prints usage. */
@Command(name = "user", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Manage console accounts.", synopsisSubcommandLabel = "COMMAND")
public final class UserCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
