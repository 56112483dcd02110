package io.xshathra.server;

import io.xshathra.server.cli.Cli;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/** The {@code xshathra} command: the runnable jar's entry point. */
public final class Main {

    private static volatile ServerLauncher launcher = EngineLauncher::run;

    private Main() {
    }

    /** Plugs in what {@code xshathra serve} starts once the configuration is loaded. */
    public static void setLauncher(ServerLauncher serverLauncher) {
        launcher = Objects.requireNonNull(serverLauncher, "serverLauncher");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), launcher));
    }

    /**
     * Runs one command line without exiting the JVM.
     *
     * @return the exit code: 0 ok, 1 configuration or runtime error, 2 usage error
     */
    public static int run(String[] args, Map<String, String> env, ServerLauncher serverLauncher) {
        return Cli.create(env, serverLauncher, Path.of("")).execute(args);
    }
}
