package io.xshathra.server.cli;

import io.xshathra.bench.BenchCommand;
import io.xshathra.server.ServerLauncher;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Builds the {@code xshathra} command line. Exit codes: 0 ok, 1 configuration or runtime error,
 * 2 usage error.
 */
public final class Cli {

    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

    private Cli() {
    }

    /**
     * @param env      the environment the commands read (never {@code System.getenv} directly)
     * @param launcher what {@code serve} starts
     * @param workDir  where relative paths and the default configuration files are looked up
     */
    public static CommandLine create(Map<String, String> env, ServerLauncher launcher, Path workDir) {
        return create(env, launcher, workDir, Terminal.system());
    }

    /**
     * @param terminal where {@code user create} asks for the password and {@code project delete}
     *                 for confirmation
     */
    public static CommandLine create(Map<String, String> env, ServerLauncher launcher, Path workDir,
            Terminal terminal) {
        return root(subcommands(env, launcher, workDir, terminal).values());
    }

    /**
     * The command line for one invocation: when the first argument names a command, the tree holds
     * that command alone, so that a long-running {@code serve} does not keep every other command's
     * model (a few megabytes of options and help text) for its lifetime, and a short command does
     * not build the others. Anything else (no argument, an option, an unknown or misspelt command)
     * gets the full tree, for its usage and suggestions. Parsing and results are the same as with
     * {@link #create}.
     */
    public static CommandLine forArguments(String[] args, Map<String, String> env, ServerLauncher launcher,
            Path workDir) {
        Map<String, Supplier<Object>> all = subcommands(env, launcher, workDir, Terminal.system());
        Supplier<Object> named = args.length > 0 ? all.get(args[0]) : null;
        return root(named == null ? all.values() : List.of(named));
    }

    /** Every subcommand by its name, each built only when asked for. */
    private static Map<String, Supplier<Object>> subcommands(Map<String, String> env, ServerLauncher launcher,
            Path workDir, Terminal terminal) {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("serve", () -> new ServeCommand(env, launcher, workDir));
        m.put("checkconfig", () -> new CheckconfigCommand(env, workDir));
        m.put("genconfig", () -> new GenconfigCommand(workDir));
        m.put("gentoken", () -> new GentokenCommand(env, workDir, Clock.systemUTC()));
        m.put("checktoken", () -> new ChecktokenCommand(env, workDir, Clock.systemUTC()));
        m.put("user", () -> new CommandLine(new UserCommand())
                .addSubcommand(new UserCreateCommand(env, workDir, terminal))
                .addSubcommand(new UserSignupCommand(env, workDir, terminal)));
        m.put("project", () -> project(env, workDir, terminal));
        m.put("version", VersionCommand::new);
        m.put("bench", BenchCommand::new);
        return m;
    }

    private static CommandLine project(Map<String, String> env, Path workDir, Terminal terminal) {
        return new CommandLine(new ProjectCommand())
                .addSubcommand(new ProjectCreateCommand(env, workDir, terminal))
                .addSubcommand(new ProjectListCommand(env, workDir, terminal))
                .addSubcommand(new ProjectRotateKeyCommand(env, workDir, terminal))
                .addSubcommand(new ProjectRotateClientKeyCommand(env, workDir, terminal))
                .addSubcommand(new ProjectRenameCommand(env, workDir, terminal))
                .addSubcommand(new ProjectBackendCommand(env, workDir, terminal))
                .addSubcommand(ProjectLimitsCommand.create(env, workDir, terminal))
                .addSubcommand(ProjectMemberCommand.line(env, workDir, terminal))
                .addSubcommand(new ProjectAuditCommand(env, workDir, terminal))
                .addSubcommand(ProjectWebhookCommand.create(env, workDir, terminal))
                .addSubcommand(ProjectNamespaceCommand.commandLine(env, workDir, terminal))
                .addSubcommand(new ProjectDeleteCommand(env, workDir, terminal));
    }

    private static CommandLine root(Collection<Supplier<Object>> subcommands) {
        CommandLine cli = new CommandLine(new XshathraCommand());
        subcommands.forEach(s -> cli.addSubcommand(s.get()));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            LOG.error("{} failed", commandLine.getCommandName(), e);
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli;
    }

    /** Supplies {@code --version}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {io.xshathra.server.Version.banner()};
        }
    }
}
