package io.xshathra.server.cli;

import io.xshathra.controlplane.RotatedClientKey;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code xshathra project rotate-client-key ID}: replaces the public client key and prints the
 * new one. With {@code --grace} the old key keeps connecting for that many seconds, so apps can
 * be moved over without refused connects; without it the old key stops at once. Connections
 * already open stay open either way.
 */
@Command(name = "rotate-client-key", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = {"Replace a project's public client key and print the new one.",
                "Without --grace the old key stops connecting at once; open connections stay."})
public final class ProjectRotateClientKeyCommand extends KeyRotationCommand {

    public ProjectRotateClientKeyCommand(Map<String, String> env, Path workDir, Terminal terminal) {
        super(env, workDir, terminal);
    }

    @Override
    Rotation rotate(ControlPlaneStore store, Duration grace) throws Exception {
        RotatedClientKey r = await(store.projects().rotateClientKey(project.id(), grace));
        audit(store, project.id(), "key.rotate_client", Map.of("grace_seconds", String.valueOf(grace.toSeconds())));
        return new Rotation(r.project(), r.project().clientApiKey(), r.previousKeyValidUntil());
    }

    @Override
    String field() {
        return "client_api_key";
    }

    @Override
    void explain(Rotation r) {
        printKey("client", r);
        out().println(r.previousValidUntil()
                .map(t -> "The previous key keeps connecting until " + t + " (" + grace + " s).")
                .orElse("The previous key has stopped connecting."));
    }
}
