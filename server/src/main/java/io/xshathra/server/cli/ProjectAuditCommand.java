package io.xshathra.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.controlplane.AuditEntry;
import io.xshathra.controlplane.AuditLog;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xshathra project audit ID}: the project's audit log, newest first. It works for a deleted
 * project too, whose log is kept (the console shows it only while the project exists).
 */
@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Show who changed what in a project, newest first (also for a deleted project).")
public final class ProjectAuditCommand extends StorageCommand {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Mixin
    ProjectArgument.Id project;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "How many entries, 1 to " + AuditLog.MAX_PAGE + " (default 50)")
    int limit;

    @Option(names = "--json", description = "Print a JSON array of {\"seq\",\"at\",\"actor\",\"action\",\"detail\"}")
    boolean json;

    public ProjectAuditCommand(Map<String, String> env, Path workDir, Terminal terminal) {
        super(env, workDir, terminal);
    }

    @Override
    Integer check() {
        if (limit < 1 || limit > AuditLog.MAX_PAGE) {
            err().println(name() + ": --limit must be between 1 and " + AuditLog.MAX_PAGE);
            return 2;
        }
        return null;
    }

    @Override
    int run(ControlPlaneStore store) throws Exception {
        List<AuditEntry> entries = await(store.projects().audit().list(project.id(), Long.MAX_VALUE, limit));
        if (json) {
            ArrayNode a = JSON.createArrayNode();
            for (AuditEntry e : entries) {
                ObjectNode o = a.addObject().put("seq", e.seq()).put("at", e.at().toString()).put("actor", e.actor())
                        .put("action", e.action());
                ObjectNode d = o.putObject("detail");
                e.detail().forEach(d::put);
            }
            out().println(JSON.writeValueAsString(a));
            return 0;
        }
        if (entries.isEmpty()) {
            err().println(name() + ": nothing recorded for " + project.id());
            return 0;
        }
        for (AuditEntry e : entries) {
            out().printf("%s  %-28s %-22s %s%n", TIME.format(e.at()), e.actor(), e.action(), e.detail().entrySet().stream()
                    .map(kv -> kv.getKey() + "=" + kv.getValue()).collect(Collectors.joining(" ")));
        }
        return 0;
    }
}
