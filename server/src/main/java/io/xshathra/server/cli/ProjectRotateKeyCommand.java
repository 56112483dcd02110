package io.xshathra.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.controlplane.RotatedKey;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xshathra project rotate-key ID}: replaces the server key and prints the new one, once.
 * With {@code --grace} the old key keeps working for that many seconds, so backends can be
 * moved over without downtime; without it the old key stops at once.
 */
@Command(name = "rotate-key", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = {"Replace a project's server key and print the new one (shown only this once).",
                "Without --grace the old key stops working at once."})
public final class ProjectRotateKeyCommand extends StorageCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The project id (proj_...)")
    String id;

    @Option(names = "--grace", paramLabel = "SECONDS",
            description = "Keep the old key working this many seconds more (default 0, at most 30 days)")
    long grace;

    @Option(names = "--json", description = "Print {\"id\",\"server_api_key\",\"previous_key_valid_until\"} as one JSON line")
    boolean json;

    public ProjectRotateKeyCommand(Map<String, String> env, Path workDir, Terminal terminal) {
        super(env, workDir, terminal);
    }

    @Override
    Integer check() {
        if (grace < 0) {
            err().println(name() + ": --grace must be 0 or more seconds");
            return 2;
        }
        return null;
    }

    @Override
    int run(ControlPlaneStore store) throws Exception {
        RotatedKey r = await(store.projects().rotateServerKey(id, Duration.ofSeconds(grace)));
        if (json) {
            ObjectNode o = JSON.createObjectNode()
                    .put("id", r.project().id())
                    .put("server_api_key", r.serverApiKey())
                    .put("previous_key_valid_until", r.previousKeyValidUntil().map(Object::toString).orElse(null));
            out().println(JSON.writeValueAsString(o));
            return 0;
        }
        out().println("New server key for project \"" + r.project().name() + "\" (" + r.project().id() + "):");
        out().println();
        out().println("  server_api_key  " + r.serverApiKey());
        out().println();
        out().println("It is shown only this once: put it in your backend's secrets now.");
        out().println(r.previousKeyValidUntil()
                .map(t -> "The previous key keeps working until " + t + " (" + grace + " s).")
                .orElse("The previous key has stopped working."));
        return 0;
    }
}
