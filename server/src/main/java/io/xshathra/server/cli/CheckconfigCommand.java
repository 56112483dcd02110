package io.xshathra.server.cli;

import io.xshathra.server.config.CliOverrides;
import io.xshathra.server.config.ConfigException;
import io.xshathra.server.config.ConfigLoader;
import io.xshathra.server.config.LoadedConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code xshathra checkconfig FILE}: loads and validates like {@code serve} (environment
 * included) without writing anything. Prints the warnings; exits 0 when valid, 1 with the
 * one-line error otherwise.
 */
@Command(name = "checkconfig", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Check a configuration file (the environment is applied too).")
public final class CheckconfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The JSON configuration file")
    Path file;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Same as FILE, as Centrifugo spells it")
    Path config;

    private final Map<String, String> env;
    private final Path workDir;

    public CheckconfigCommand(Map<String, String> env, Path workDir) {
        this.env = Map.copyOf(env);
        this.workDir = workDir;
    }

    @Override
    public Integer call() {
        if (file == null && config == null) {
            throw new ParameterException(spec.commandLine(), "Missing the configuration file: checkconfig FILE");
        }
        if (file != null && config != null && !file.equals(config)) {
            throw new ParameterException(spec.commandLine(), "Give the configuration file once: FILE or -c FILE");
        }
        Path path = workDir.resolve(file != null ? file : config);
        PrintWriter err = spec.commandLine().getErr();
        LoadedConfig loaded;
        try {
            loaded = ConfigLoader.forChecking().load(path, env, CliOverrides.none());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        }
        loaded.warnings().forEach(w -> err.println("warning: " + w));
        loaded.developmentDefaults().ifPresent(d -> err.println("note: " + d.notice()));
        spec.commandLine().getOut().println("configuration is valid: " + path);
        return 0;
    }
}
