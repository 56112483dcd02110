package io.xshathra.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code xshathra}, {@code project}, {@code project
 * member}, …): run without one, it prints its usage on standard error and exits with the usage
 * code, 2.
 */
abstract class CommandGroup implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** The group's command line with these subcommands, in this order (the order of its help). */
    static CommandLine of(CommandGroup group, Object... subcommands) {
        CommandLine line = new CommandLine(group);
        for (Object s : subcommands) {
            line.addSubcommand(s);
        }
        return line;
    }

    @Override
    public final Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
