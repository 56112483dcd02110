package io.xshathra.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.controlplane.webhooks.WebhookEndpoint;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xshathra project webhook list PROJECT}: the project's endpoints, without their secrets. */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "List a project's webhook endpoints (their secrets are never shown again).")
public final class ProjectWebhookListCommand extends StorageCommand {

    @Mixin
    ProjectArgument.Parent project;

    @Option(names = "--json", description = "Print [{\"id\",\"url\",\"events\":[...],\"created_at\"}] as one JSON line")
    boolean json;

    public ProjectWebhookListCommand(Map<String, String> env, Path workDir, Terminal terminal) {
        super(env, workDir, terminal);
    }

    @Override
    int run(ControlPlaneStore store) throws Exception {
        project.require(store);
        List<WebhookEndpoint> endpoints = await(store.webhooks().list(project.id()));
        if (json) {
            ArrayNode array = JSON.createArrayNode();
            for (WebhookEndpoint e : endpoints) {
                ObjectNode o = array.addObject().put("id", e.id()).put("url", e.url().toString());
                ArrayNode names = o.putArray("events");
                e.eventNames().forEach(names::add);
                o.put("created_at", Instant.ofEpochMilli(e.createdAt()).toString());
            }
            out().println(JSON.writeValueAsString(array));
            return 0;
        }
        if (endpoints.isEmpty()) {
            out().println("no webhooks");
            return 0;
        }
        for (WebhookEndpoint e : endpoints) {
            out().println(e.id() + "  " + e.url() + "  " + String.join(",", e.eventNames()));
        }
        return 0;
    }
}
