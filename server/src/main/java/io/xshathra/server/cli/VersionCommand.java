package io.xshathra.server.cli;

import io.xshathra.server.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code xshathra version}: prints the product name and version. */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Print the version.")
public final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(Version.banner());
        return 0;
    }
}
