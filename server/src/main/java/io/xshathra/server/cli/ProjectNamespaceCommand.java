package io.xshathra.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.controlplane.NamespaceSet;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xshathra project namespace}: a project's own namespaces ({@code set}, {@code list},
 * {@code remove}) — what the console's Namespaces page does. A server sharing the database
 * applies a change within about a second (the change feed). Without a subcommand it prints usage.
 */
@Command(name = "namespace", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Manage a project's namespaces (the options of channel.namespaces, per project).",
        synopsisSubcommandLabel = "COMMAND")
public final class ProjectNamespaceCommand extends CommandGroup {

    /** The command with its subcommands, as {@link Cli} mounts it under {@code project}. */
    static CommandLine commandLine(Map<String, String> env, Path workDir, Terminal terminal) {
        return CommandGroup.of(new ProjectNamespaceCommand(),
                new Set(env, workDir, terminal),
                new List(env, workDir, terminal),
                new Remove(env, workDir, terminal));
    }

    /** {@code project namespace set PROJECT NAME --options JSON}. */
    @Command(name = "set", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
            description = {"Add or replace a namespace of a project.",
                    "The options are the keys of one channel.namespaces entry, as a JSON object,",
                    "e.g. '{\"presence\":true,\"history_size\":10,\"history_ttl\":\"300s\"}'."})
    static final class Set extends StorageCommand {
        @Mixin
        ProjectArgument.Parent project;

        @Parameters(index = "1", paramLabel = "NAME", description = "The namespace name (letters, digits, -_.; 2-64)")
        String namespace;

        @Option(names = "--options", paramLabel = "JSON", required = true,
                description = "The namespace's options as a JSON object ({} for none)")
        String options;

        Set(Map<String, String> env, Path workDir, Terminal terminal) {
            super(env, workDir, terminal);
        }

        @Override
        int run(ControlPlaneStore store) {
            NamespaceSet s = await(store.projects().namespaces().set(project.id(), namespace, options));
            StorageCommand.audit(store, s.projectId(), "namespace.set", Map.of("name", namespace));
            out().println("namespace \"" + namespace + "\" of project " + s.projectId() + " saved: "
                    + s.namespaces().get(namespace));
            return 0;
        }
    }

    /** {@code project namespace list PROJECT [--json]}. */
    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
            description = "List a project's namespaces and their options.")
    static final class List extends StorageCommand {
        @Mixin
        ProjectArgument.Parent project;

        @Option(names = "--json", description = "Print one JSON object, namespace name to its options, on one line")
        boolean json;

        List(Map<String, String> env, Path workDir, Terminal terminal) {
            super(env, workDir, terminal);
        }

        @Override
        int run(ControlPlaneStore store) throws Exception {
            NamespaceSet s = await(store.projects().namespaces().of(project.id()));
            if (json) {
                ObjectNode o = JSON.createObjectNode();
                for (Map.Entry<String, String> e : s.namespaces().entrySet()) {
                    JsonNode options = JSON.readTree(e.getValue());
                    o.set(e.getKey(), options);
                }
                out().println(JSON.writeValueAsString(o));
                return 0;
            }
            if (s.namespaces().isEmpty()) {
                out().println("Project " + s.projectId() + " has no namespaces.");
                return 0;
            }
            out().println("Namespaces of project " + s.projectId() + ":");
            s.namespaces().forEach((name, options) -> out().printf("  %-20s %s%n", name, options));
            return 0;
        }
    }

    /** {@code project namespace remove PROJECT NAME}. */
    @Command(name = "remove", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
            description = {"Remove a namespace of a project.",
                    "Connections already subscribed to its channels keep their subscriptions."})
    static final class Remove extends StorageCommand {
        @Mixin
        ProjectArgument.Parent project;

        @Parameters(index = "1", paramLabel = "NAME", description = "The namespace name")
        String namespace;

        Remove(Map<String, String> env, Path workDir, Terminal terminal) {
            super(env, workDir, terminal);
        }

        @Override
        int run(ControlPlaneStore store) {
            NamespaceSet s = await(store.projects().namespaces().remove(project.id(), namespace));
            StorageCommand.audit(store, s.projectId(), "namespace.remove", Map.of("name", namespace));
            out().println("namespace \"" + namespace + "\" of project " + s.projectId() + " removed");
            return 0;
        }
    }
}
