package io.xshathra.server.cli;

import io.xshathra.controlplane.RotatedKey;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code xshathra project rotate-key ID}: replaces the server key and prints the new one, once.
 * With {@code --grace} the old key keeps working for that many seconds, so backends can be
 * moved over without downtime; without it the old key stops at once.
 */
@Command(name = "rotate-key", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = {"Replace a project's server key and print the new one (shown only this once).",
                "Without --grace the old key stops working at once."})
public final class ProjectRotateKeyCommand extends KeyRotationCommand {

    public ProjectRotateKeyCommand(Map<String, String> env, Path workDir, Terminal terminal) {
        super(env, workDir, terminal);
    }

    @Override
    Rotation rotate(ControlPlaneStore store, Duration grace) throws Exception {
        RotatedKey r = await(store.projects().rotateServerKey(project.id(), grace));
        audit(store, project.id(), "key.rotate_server", Map.of("grace_seconds", String.valueOf(grace.toSeconds()),
                "new_key_hint", r.project().serverKeyHint()));
        return new Rotation(r.project(), r.serverApiKey(), r.previousKeyValidUntil());
    }

    @Override
    String field() {
        return "server_api_key";
    }

    @Override
    void explain(Rotation r) {
        printKey("server", r);
        out().println("It is shown only this once: put it in your backend's secrets now.");
        out().println(r.previousValidUntil()
                .map(t -> "The previous key keeps working until " + t + " (" + grace + " s).")
                .orElse("The previous key has stopped working."));
    }
}
