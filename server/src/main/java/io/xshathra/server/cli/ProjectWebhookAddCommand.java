package io.xshathra.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.controlplane.webhooks.CreatedWebhook;
import io.xshathra.controlplane.webhooks.WebhookEndpoint;
import io.xshathra.engine.project.TenantEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xshathra project webhook add PROJECT URL --events e1,e2}: adds an endpoint and prints its
 * signing secret, the only time it is shown.
 */
@Command(name = "add", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = {"Add a webhook endpoint to a project and print its signing secret (shown only this once)."})
public final class ProjectWebhookAddCommand extends StorageCommand {

    @Mixin
    ProjectArgument.Parent project;

    @Parameters(index = "1", paramLabel = "URL", description = "Where events are POSTed (http:// or https://)")
    String url;

    @Option(names = "--events", required = true, split = ",", paramLabel = "EVENT",
            description = "Comma-separated: channel_occupied, channel_vacated, member_added, member_removed, client_publication")
    List<String> events;

    @Option(names = "--json", description = "Print {\"id\",\"url\",\"events\":[...],\"secret\"} as one JSON line")
    boolean json;

    private Set<TenantEvent.Kind> kinds;

    public ProjectWebhookAddCommand(Map<String, String> env, Path workDir, Terminal terminal) {
        super(env, workDir, terminal);
    }

    @Override
    Integer check() {
        kinds = EnumSet.noneOf(TenantEvent.Kind.class);
        List<String> unknown = new ArrayList<>();
        for (String e : events) {
            TenantEvent.Kind k = TenantEvent.Kind.ofWireName(e.strip());
            if (k == null) {
                unknown.add(e.strip());
            } else {
                kinds.add(k);
            }
        }
        if (!unknown.isEmpty() || kinds.isEmpty()) {
            err().println(name() + ": unknown event" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                    + "; choose from " + Arrays.stream(TenantEvent.Kind.values()).map(TenantEvent.Kind::wireName).toList());
            return 2;
        }
        return null;
    }

    @Override
    int run(ControlPlaneStore store) throws Exception {
        CreatedWebhook w = await(store.webhooks().add(project.id(), url, kinds));
        WebhookEndpoint e = w.endpoint();
        StorageCommand.audit(store, project.id(), "webhook.add", Map.of("id", e.id(),
                "url", io.xshathra.controlplane.AuditLog.safeUrl(e.url().toString()), "events", String.join(",", e.eventNames())));
        if (json) {
            ObjectNode o = JSON.createObjectNode().put("id", e.id()).put("url", e.url().toString());
            ArrayNode names = o.putArray("events");
            e.eventNames().forEach(names::add);
            o.put("secret", w.secret());
            out().println(JSON.writeValueAsString(o));
            return 0;
        }
        out().println("Added webhook " + e.id() + " to project " + project.id());
        out().println("  url:    " + e.url());
        out().println("  events: " + String.join(", ", e.eventNames()));
        out().println("  secret: " + w.secret());
        out().println("The secret is shown only now: keep it where the receiver can check signatures with it.");
        return 0;
    }
}
