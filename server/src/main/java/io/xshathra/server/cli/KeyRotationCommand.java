package io.xshathra.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the two key rotations share: the project id, {@code --grace} (the old key stays valid
 * that many seconds more), {@code --json}, and the shape of their answer. Each rotation says
 * which key it replaces and how a person should read the result.
 */
abstract class KeyRotationCommand extends StorageCommand {

    /** A rotation's outcome: the project, the new key and until when the previous one stays valid. */
    record Rotation(Project project, String key, Optional<Instant> previousValidUntil) {
    }

    @Mixin
    ProjectArgument.Id project;

    @Option(names = "--grace", paramLabel = "SECONDS",
            description = "Keep the old key valid this many seconds more (default 0, at most 30 days)")
    long grace;

    @Option(names = "--json", description = "Print {\"id\", the new key, \"previous_key_valid_until\"} as one JSON line")
    boolean json;

    KeyRotationCommand(Map<String, String> env, Path workDir, Terminal terminal) {
        super(env, workDir, terminal);
    }

    /** Rotates the key of project {@code id}. */
    abstract Rotation rotate(ControlPlaneStore store, Duration grace) throws Exception;

    /** The key's field name in the JSON answer and the human one ({@code server_api_key}). */
    abstract String field();

    /** What a person reads under the new key: its kind, and what the old key does until when. */
    abstract void explain(Rotation r);

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
        Rotation r = rotate(store, Duration.ofSeconds(grace));
        if (json) {
            ObjectNode o = JSON.createObjectNode()
                    .put("id", r.project().id())
                    .put(field(), r.key())
                    .put("previous_key_valid_until", r.previousValidUntil().map(Object::toString).orElse(null));
            out().println(JSON.writeValueAsString(o));
            return 0;
        }
        explain(r);
        return 0;
    }

    /** The common head of the human answer: which project, and the new key. */
    void printKey(String kind, Rotation r) {
        out().println("New " + kind + " key for project \"" + r.project().name() + "\" (" + r.project().id() + "):");
        out().println();
        out().println("  " + field() + "  " + r.key());
        out().println();
    }
}
