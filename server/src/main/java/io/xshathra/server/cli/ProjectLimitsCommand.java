package io.xshathra.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.controlplane.limits.LimitOverrides;
import io.xshathra.controlplane.limits.LimitSettings;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xshathra project limits show|set|reset ID}: a project's connection, publication rate and
 * message size limits — what the console's limits card does. A running server applies a change
 * within about two seconds on every node (the project change feed).
 */
@Command(name = "limits", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Show or change a project's limits (connections, publications per second, message size).",
        synopsisSubcommandLabel = "COMMAND")
public final class ProjectLimitsCommand extends CommandGroup {

    /** {@code project limits} with its three subcommands. */
    static CommandLine create(Map<String, String> env, Path workDir, Terminal terminal) {
        return CommandGroup.of(new ProjectLimitsCommand(),
                new Show(env, workDir, terminal),
                new Set(env, workDir, terminal),
                new Reset(env, workDir, terminal));
    }

    /** What the three share: the project id, {@code --json}, and printing the effective limits. */
    abstract static class LimitsCommand extends StorageCommand {
        @Mixin
        ProjectArgument.Id project;

        @Option(names = "--json", description = "Print the effective limits as one JSON line: {\"id\","
                + "\"max_connections\",\"max_publications_per_second\",\"max_message_size\",\"overrides\":{...}} (0 = no limit)")
        boolean json;

        LimitsCommand(Map<String, String> env, Path workDir, Terminal terminal) {
            super(env, workDir, terminal);
        }

        /** Prints the project's limits over the configured defaults. */
        int print(LimitOverrides o) throws Exception {
            LimitSettings d = storage.target(env, workDir).settings().projectLimits();
            LimitSettings e = o.over(d);
            if (json) {
                ObjectNode out = JSON.createObjectNode().put("id", project.id()).put("max_connections", e.maxConnections())
                        .put("max_publications_per_second", e.maxPublicationsPerSecond())
                        .put("max_message_size", e.maxMessageSize());
                ObjectNode over = out.putObject("overrides");
                putIfSet(over, "max_connections", o.maxConnections());
                putIfSet(over, "max_publications_per_second", o.maxPublicationsPerSecond());
                putIfSet(over, "max_message_size", o.maxMessageSize());
                out().println(JSON.writeValueAsString(out));
                return 0;
            }
            out().println("Limits of project " + project.id() + " (0 = no limit):");
            line("max_connections", e.maxConnections(), o.maxConnections(), "");
            line("max_publications_per_second", e.maxPublicationsPerSecond(), o.maxPublicationsPerSecond(), "");
            line("max_message_size", e.maxMessageSize(), o.maxMessageSize(), " bytes");
            return 0;
        }

        private void line(String name, int value, Integer override, String unit) {
            out().printf("  %-28s %s%s%n", name, value == 0 ? "no limit" : value + unit,
                    override == null ? " (default)" : " (this project)");
        }

        private static void putIfSet(ObjectNode o, String name, Integer v) {
            if (v != null) {
                o.put(name, v);
            }
        }
    }

    /** {@code project limits show ID}. */
    @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
            description = "Show a project's limits and which of them are its own.")
    static final class Show extends LimitsCommand {
        Show(Map<String, String> env, Path workDir, Terminal terminal) {
            super(env, workDir, terminal);
        }

        @Override
        int run(ControlPlaneStore store) throws Exception {
            return print(await(store.limits().of(project.id())));
        }
    }

    /** {@code project limits set ID [--max-connections N] [--max-publications-per-second N] [--max-message-size BYTES]}. */
    @Command(name = "set", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
            description = {"Give a project its own limits; 0 means no limit for this project.",
                    "Limits not named keep their current value."})
    static final class Set extends LimitsCommand {
        @Option(names = "--max-connections", paramLabel = "N",
                description = "Authenticated connections of the project across the cluster")
        Integer maxConnections;

        @Option(names = "--max-publications-per-second", paramLabel = "N",
                description = "Publications per second: client publishes, API publishes and broadcasts (each channel)")
        Integer maxPublicationsPerSecond;

        @Option(names = "--max-message-size", paramLabel = "BYTES", description = "Bytes of one publication's data")
        Integer maxMessageSize;

        Set(Map<String, String> env, Path workDir, Terminal terminal) {
            super(env, workDir, terminal);
        }

        @Override
        Integer check() {
            if (maxConnections == null && maxPublicationsPerSecond == null && maxMessageSize == null) {
                err().println(name() + ": name at least one of --max-connections, --max-publications-per-second"
                        + " and --max-message-size");
                return 2;
            }
            new LimitOverrides(maxConnections, maxPublicationsPerSecond, maxMessageSize);
            return null;
        }

        @Override
        int run(ControlPlaneStore store) throws Exception {
            var limits = await(store.limits().set(project.id(),
                    new LimitOverrides(maxConnections, maxPublicationsPerSecond, maxMessageSize)));
            StorageCommand.audit(store, project.id(), "limits.set", Map.of(
                    "max_connections", String.valueOf(maxConnections == null ? "unchanged" : maxConnections),
                    "max_publications_per_second",
                    String.valueOf(maxPublicationsPerSecond == null ? "unchanged" : maxPublicationsPerSecond),
                    "max_message_size", String.valueOf(maxMessageSize == null ? "unchanged" : maxMessageSize)));
            return print(limits);
        }
    }

    /** {@code project limits reset ID}. */
    @Command(name = "reset", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
            description = "Drop a project's own limits: it runs with the configured defaults again.")
    static final class Reset extends LimitsCommand {
        Reset(Map<String, String> env, Path workDir, Terminal terminal) {
            super(env, workDir, terminal);
        }

        @Override
        int run(ControlPlaneStore store) throws Exception {
            var limits = await(store.limits().reset(project.id()));
            StorageCommand.audit(store, project.id(), "limits.reset", Map.of());
            return print(limits);
        }
    }
}
