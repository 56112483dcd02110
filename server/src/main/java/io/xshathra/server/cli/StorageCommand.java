package io.xshathra.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.AuditLog;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.StorageException;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.server.LogLevels;
import io.xshathra.server.config.ConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the account and project commands share: open the store from the storage options, run,
 * close, and turn refusals into one line on standard error and an exit code: 2 for a value the
 * rules refuse (bad email, name, password or grace), 1 for everything else that went wrong
 * (unknown id, name taken, database unreachable, configuration error). Library logging is held
 * to errors so that standard output carries only the command's own result ({@code --json}).
 */
abstract class StorageCommand implements Callable<Integer> {

    /** Refusals that mean "the value given is not acceptable": a usage error. */
    private static final Set<ControlPlaneException.Reason> INPUT = Set.of(ControlPlaneException.Reason.INVALID_EMAIL,
            ControlPlaneException.Reason.WEAK_PASSWORD, ControlPlaneException.Reason.INVALID_NAME,
            ControlPlaneException.Reason.INVALID_ARGUMENT);
    static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    StorageOptions storage;

    final Map<String, String> env;
    final Path workDir;
    final Terminal terminal;

    StorageCommand(Map<String, String> env, Path workDir, Terminal terminal) {
        this.env = Map.copyOf(env);
        this.workDir = workDir;
        this.terminal = terminal;
    }

    /** Checks the arguments before the database is opened; null to go on, else the exit code. */
    Integer check() {
        return null;
    }

    /**
     * Whether the command may create the database when the data folder has none: only the
     * commands that make the first account. Every other command refuses, naming the folder,
     * rather than leave an empty database behind in a folder that was given by mistake.
     */
    boolean createsDatabase() {
        return false;
    }

    /** The command's work; returns the exit code. */
    abstract int run(ControlPlaneStore store) throws Exception;

    @Override
    public final Integer call() throws Exception {
        Integer early;
        try {
            early = check();
        } catch (ControlPlaneException e) {
            return refuse(e);
        }
        if (early != null) {
            return early;
        }
        LogLevels.apply("error");
        StorageOptions.Target target;
        try {
            target = storage.target(env, workDir);
        } catch (ConfigException e) {
            err().println(e.getMessage());
            return 1;
        }
        boolean fresh = !target.exists();
        if (fresh && !createsDatabase()) {
            err().println(name() + ": no database in the data folder " + target.dataDir() + " (" + target.sqliteFile().getFileName()
                    + " is missing): run it in the folder where `xshathra serve` runs, or pass --data-dir DIR"
                    + " (or set XSHATHRA_DATA_DIR)");
            return 1;
        }
        try (ControlPlaneStore store = StorageOptions.open(target)) {
            if (fresh) {
                err().println(name() + ": created a new database " + target.sqliteFile());
            }
            return run(store);
        } catch (ConfigException e) {
            err().println(e.getMessage());
            return 1;
        } catch (ControlPlaneException e) {
            return refuse(e);
        } catch (StorageException e) {
            err().println(name() + ": " + e.getMessage());
            return 1;
        }
    }

    private int refuse(ControlPlaneException e) {
        err().println(name() + ": " + e.getMessage());
        return INPUT.contains(e.reason()) ? 2 : 1;
    }

    /** "xshathra project create", for messages. */
    String name() {
        return spec.qualifiedName();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /**
     * Records a change this command made on the project's audit log, with {@code cli:} and the
     * operating-system user as the actor ({@link AuditLog#cliActor()}).
     */
    static void audit(ControlPlaneStore store, String projectId, String action, Map<String, String> detail) {
        await(store.projects().audit().record(projectId, AuditLog.cliActor(), action, detail));
    }

    /** Waits for a storage stage; its failure is rethrown unwrapped. */
    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
