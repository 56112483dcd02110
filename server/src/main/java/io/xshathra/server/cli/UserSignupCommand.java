package io.xshathra.server.cli;

import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code xshathra user signup open|closed|status}: whether anyone may create a console account
 * after the first one (the administrator). Closed by default.
 */
@Command(name = "signup", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Open or close console sign-up after the first account (closed by default).")
public final class UserSignupCommand extends StorageCommand {

    @Parameters(index = "0", paramLabel = "open|closed|status", description = "The new setting, or status to show it")
    String setting;

    public UserSignupCommand(Map<String, String> env, Path workDir, Terminal terminal) {
        super(env, workDir, terminal);
    }

    @Override
    Integer check() {
        if (!setting.equals("open") && !setting.equals("closed") && !setting.equals("status")) {
            spec.commandLine().getErr().println("user signup: expected open, closed or status (got \"" + setting + "\")");
            return 2;
        }
        return null;
    }

    @Override
    int run(ControlPlaneStore store) {
        if (!setting.equals("status")) {
            store.accounts().setOpenSignup(setting.equals("open")).toCompletableFuture().join();
        }
        boolean open = store.accounts().isOpenSignup().toCompletableFuture().join();
        spec.commandLine().getOut().println("console sign-up is " + (open
                ? "open: anyone may create an account once the administrator exists"
                : "closed: create accounts with `xshathra user create`"));
        return 0;
    }

    @Override
    boolean createsDatabase() {
        return !setting.equals("status");
    }
}
