package io.xshathra.server;

import io.xshathra.server.cli.Cli;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/** The {@code xshathra} command: the runnable jar's entry point. */
public final class Main {

    private static final String NETTY_JFR = "io.netty.jfr.enabled";
    private static volatile ServerLauncher launcher = EngineLauncher::run;

    private Main() {
    }

    /** Plugs in what {@code xshathra serve} starts once the configuration is loaded. */
    public static void setLauncher(ServerLauncher serverLauncher) {
        launcher = Objects.requireNonNull(serverLauncher, "serverLauncher");
    }

    public static void main(String[] args) {
        // Netty's flight-recorder events start the JDK's event machinery (about a hundred
        // classes) in every process; they stay available with -Dio.netty.jfr.enabled=true.
        if (System.getProperty(NETTY_JFR) == null) {
            System.setProperty(NETTY_JFR, "false");
        }
        System.exit(run(args, System.getenv(), launcher));
    }

    /**
     * Runs one command line without exiting the JVM.
     *
     * @return the exit code: 0 ok, 1 configuration or runtime error, 2 usage error
     */
    public static int run(String[] args, Map<String, String> env, ServerLauncher serverLauncher) {
        return Cli.forArguments(args, env, serverLauncher, Path.of("")).execute(args);
    }
}
