package io.xshathra.server.cli;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code xshathra project webhook remove PROJECT ID}: removes an endpoint with the batches still
 * waiting for it and its delivery log.
 */
@Command(name = "remove", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Remove a webhook endpoint; batches not yet delivered to it are dropped.")
public final class ProjectWebhookRemoveCommand extends StorageCommand {

    @Mixin
    ProjectArgument.Parent project;

    @Parameters(index = "1", paramLabel = "ID", description = "The webhook id (wh_...)")
    String webhookId;

    public ProjectWebhookRemoveCommand(Map<String, String> env, Path workDir, Terminal terminal) {
        super(env, workDir, terminal);
    }

    @Override
    int run(ControlPlaneStore store) {
        project.require(store);
        if (!await(store.webhooks().remove(project.id(), webhookId))) {
            throw new ControlPlaneException(ControlPlaneException.Reason.NOT_FOUND,
                    "project " + project.id() + " has no webhook " + webhookId);
        }
        StorageCommand.audit(store, project.id(), "webhook.remove", Map.of("id", webhookId));
        out().println("Removed webhook " + webhookId + " from project " + project.id());
        return 0;
    }
}
