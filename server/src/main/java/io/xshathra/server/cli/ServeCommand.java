package io.xshathra.server.cli;

import io.xshathra.server.DataFolderLock;
import io.xshathra.server.LogLevels;
import io.xshathra.server.ServerLauncher;
import io.xshathra.server.Version;
import io.xshathra.server.config.CliOverrides;
import io.xshathra.server.config.ConfigException;
import io.xshathra.server.config.ConfigLoader;
import io.xshathra.server.config.LoadedConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xshathra serve}: loads the configuration, logs its warnings once, locks the data folder
 * ({@link DataFolderLock}: one server per folder), then hands over to the {@link ServerLauncher}.
 * A configuration error, or a folder another server holds, prints one line and exits with 1.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Start the server.")
public final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "configuration file: JSON, or YAML (.yaml, .yml) or TOML (.toml)"
                    + " (default: $XSHATHRA_CONFIG, else config.json or"
                    + " centrifugo/config.json when present)")
    Path config;

    @Option(names = {"-p", "--port", "--http_server.port"}, paramLabel = "N",
            description = "Port to listen on (default 3001; 0 = any free port)")
    Integer port;

    @Option(names = {"-a", "--address", "--http_server.address"}, paramLabel = "ADDR",
            description = "Address to bind (default 127.0.0.1)")
    String address;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data folder (default ./data)")
    Path dataDir;

    @Option(names = "--database-url", paramLabel = "URL",
            description = "Keep accounts and projects in PostgreSQL: jdbc:postgresql://... or"
                    + " postgres://user:pass@host:port/db (default: $XSHATHRA_DATABASE_URL, else SQLite in the data folder)")
    String databaseUrl;

    @Option(names = {"--log-level", "--log.level"}, paramLabel = "LEVEL",
            description = "none, trace, debug, info, warn or error (default info)")
    String logLevel;

    private final Map<String, String> env;
    private final ServerLauncher launcher;
    private final Path workDir;

    public ServeCommand(Map<String, String> env, ServerLauncher launcher, Path workDir) {
        this.env = Map.copyOf(env);
        this.launcher = launcher;
        this.workDir = workDir;
    }

    @Override
    public Integer call() {
        Path file = ConfigFiles.resolve(config, env, workDir);
        LoadedConfig loaded;
        try {
            Path dir = dataDir == null ? null : workDir.resolve(dataDir);
            loaded = new ConfigLoader().load(file, env, new CliOverrides(port, address, dir, logLevel, databaseUrl));
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        LogLevels.apply(loaded.server().logLevel());
        LOG.info("{}, configuration: {}", Version.banner(),
                file == null ? "no file (defaults and environment)" : file);
        loaded.warnings().forEach(LOG::warn);
        loaded.developmentDefaults().ifPresent(d -> LOG.warn(d.notice()));
        DataFolderLock lock;
        try {
            lock = DataFolderLock.acquire(workDir.resolve(loaded.server().dataDir()));
        } catch (IllegalStateException e) {
            LOG.error("cannot start: {}", e.getMessage());
            return 1;
        }
        try (lock) {
            return launcher.launch(loaded);
        }
    }
}
