package io.xshathra.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xshathra project list}: every project (or one owner's), with the public client key and
 * only the hint of the server key, which is never stored in full.
 */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "List projects with their client key and the first characters of their server key.")
public final class ProjectListCommand extends StorageCommand {

    @Option(names = "--owner", paramLabel = "EMAIL", description = "Only this account's projects")
    String owner;

    @Option(names = "--json", description = "Print a JSON array")
    boolean json;

    public ProjectListCommand(Map<String, String> env, Path workDir, Terminal terminal) {
        super(env, workDir, terminal);
    }

    @Override
    int run(ControlPlaneStore store) throws Exception {
        Map<String, String> emails = await(store.accounts().list()).stream()
                .collect(Collectors.toMap(Account::id, Account::email));
        List<Project> projects = owner == null ? await(store.projects().listAll())
                : await(store.projects().list(ProjectCreateCommand.owner(store, owner).id()));
        if (json) {
            ArrayNode array = JSON.createArrayNode();
            for (Project p : projects) {
                array.addObject()
                        .put("id", p.id())
                        .put("name", p.name())
                        .put("owner_id", p.ownerId())
                        .put("owner_email", emails.get(p.ownerId()))
                        .put("client_api_key", p.clientApiKey())
                        .put("server_key_hint", p.serverKeyHint())
                        .put("created_at", p.createdAt().toString());
            }
            out().println(JSON.writeValueAsString(array));
            return 0;
        }
        if (projects.isEmpty()) {
            out().println("no projects");
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "NAME", "OWNER", "CLIENT API KEY", "SERVER KEY", "CREATED"});
        for (Project p : projects) {
            rows.add(new String[] {p.id(), p.name(), emails.getOrDefault(p.ownerId(), p.ownerId()), p.clientApiKey(),
                    p.serverKeyHint() + "...", p.createdAt().toString()});
        }
        printTable(rows);
        return 0;
    }

    private void printTable(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], length(r[i]));
            }
        }
        Function<String[], String> line = r -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                sb.append(r[i]);
                if (i < columns - 1) {
                    sb.append(" ".repeat(width[i] - length(r[i]) + 2));
                }
            }
            return sb.toString();
        };
        rows.forEach(r -> out().println(line.apply(r)));
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
