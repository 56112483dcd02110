package io.xshathra.server.cli;

import io.xshathra.bench.BenchCommand;
import io.xshathra.server.ServerLauncher;
import java.nio.file.Path;
import java.util.Map;
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
        CommandLine user = new CommandLine(new UserCommand())
                .addSubcommand(new UserCreateCommand(env, workDir, terminal))
                .addSubcommand(new UserSignupCommand(env, workDir, terminal));
        CommandLine project = new CommandLine(new ProjectCommand())
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
        CommandLine cli = new CommandLine(new XshathraCommand())
                .addSubcommand(new ServeCommand(env, launcher, workDir))
                .addSubcommand(new CheckconfigCommand(env, workDir))
                .addSubcommand(new GenconfigCommand(workDir))
                .addSubcommand(new GentokenCommand(env, workDir, java.time.Clock.systemUTC()))
                .addSubcommand(new ChecktokenCommand(env, workDir, java.time.Clock.systemUTC()))
                .addSubcommand(user)
                .addSubcommand(project)
                .addSubcommand(new VersionCommand())
                .addSubcommand(new BenchCommand());
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
