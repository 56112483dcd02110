package io.xshathra.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.controlplane.RotatedClientKey;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xshathra project rotate-client-key ID}: replaces the public client key and prints the
 * new one. With {@code --grace} the old key keeps connecting for that many seconds, so apps can
 * be moved over without refused connects; without it the old key stops at once. Connections
 * already open stay open either way.
 */
@Command(name = "rotate-client-key", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = {"Replace a project's public client key and print the new one.",
                "Without --grace the old key stops connecting at once; open connections stay."})
public final class ProjectRotateClientKeyCommand extends StorageCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The project id (proj_...)")
    String id;

    @Option(names = "--grace", paramLabel = "SECONDS",
            description = "Keep the old key connecting this many seconds more (default 0, at most 30 days)")
    long grace;

    @Option(names = "--json", description = "Print {\"id\",\"client_api_key\",\"previous_key_valid_until\"} as one JSON line")
    boolean json;

    public ProjectRotateClientKeyCommand(Map<String, String> env, Path workDir, Terminal terminal) {
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
        RotatedClientKey r = await(store.projects().rotateClientKey(id, Duration.ofSeconds(grace)));
        if (json) {
            ObjectNode o = JSON.createObjectNode()
                    .put("id", r.project().id())
                    .put("client_api_key", r.project().clientApiKey())
                    .put("previous_key_valid_until", r.previousKeyValidUntil().map(Object::toString).orElse(null));
            out().println(JSON.writeValueAsString(o));
            return 0;
        }
        out().println("New client key for project \"" + r.project().name() + "\" (" + r.project().id() + "):");
        out().println();
        out().println("  client_api_key  " + r.project().clientApiKey());
        out().println();
        out().println(r.previousKeyValidUntil()
                .map(t -> "The previous key keeps connecting until " + t + " (" + grace + " s).")
                .orElse("The previous key has stopped connecting."));
        return 0;
    }
}
