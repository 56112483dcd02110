package io.xshathra.server.cli;

import io.xshathra.server.config.CliOverrides;
import io.xshathra.server.config.ConfigLoader;
import io.xshathra.server.config.LoadedConfig;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The configuration options of the token commands: the same file lookup and data folder as
 * {@code serve}, so tokens are signed and checked with exactly the secret the server uses
 * (including the generated development secret).
 */
final class ConfigOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "JSON configuration file (default: as for serve)")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data folder (default ./data)")
    Path dataDir;

    /** Loads the configuration; throws {@link io.xshathra.server.config.ConfigException} on a bad value. */
    LoadedConfig load(Map<String, String> env, Path workDir) {
        Path file = ConfigFiles.resolve(config, env, workDir);
        Path dir = dataDir == null ? null : workDir.resolve(dataDir);
        return new ConfigLoader().load(file, env, new CliOverrides(null, null, dir, null));
    }
}
