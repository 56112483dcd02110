package io.xshathra.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code xshathra project}: projects and their keys; without a subcommand it prints usage. */
@Command(name = "project", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Manage projects and their API keys.", synopsisSubcommandLabel = "COMMAND")
public final class ProjectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
