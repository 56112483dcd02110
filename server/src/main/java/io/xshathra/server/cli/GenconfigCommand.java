package io.xshathra.server.cli;

import io.xshathra.controlplane.security.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xshathra genconfig}: writes a v6 configuration with fresh random secrets and the
 * product's namespaces. Never overwrites a file unless {@code --force} is given. The file holds
 * secrets, so it is created readable by its owner only where the file system allows.
 */
@Command(name = "genconfig", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Generate a configuration file with fresh secrets.")
public final class GenconfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "config.json",
            description = "File to write (default: ${DEFAULT-VALUE})")
    Path file;

    @Option(names = "--force", description = "Overwrite the file if it exists")
    boolean force;

    private final Path workDir;

    public GenconfigCommand(Path workDir) {
        this.workDir = workDir;
    }

    @Override
    public Integer call() {
        Path target = workDir.resolve(file);
        if (Files.exists(target) && !force) {
            spec.commandLine().getErr().println("genconfig: " + target + " already exists; use --force to overwrite it");
            return 1;
        }
        try {
            write(target, GeneratedConfig.json());
        } catch (IOException e) {
            spec.commandLine().getErr().println("genconfig: cannot write " + target + ": " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().println("wrote " + target);
        return 0;
    }

    private static void write(Path target, String json) throws IOException {
        OwnerOnlyFiles.replace(target, json.getBytes(StandardCharsets.UTF_8));
    }
}
