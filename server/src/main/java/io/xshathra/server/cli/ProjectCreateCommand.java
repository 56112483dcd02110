package io.xshathra.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.InputRules;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xshathra project create NAME}: creates a project with a new key pair and prints both
 * keys; this is the only time the server key can be seen. With {@code --json} the output is
 * exactly {@code {"id":...,"name":...,"server_api_key":...,"client_api_key":...}}.
 */
@Command(name = "create", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = {"Create a project and print its keys (the server key is shown only this once).",
                "The owner is --owner, else the administrator."})
public final class ProjectCreateCommand extends StorageCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "Project name, 1 to 100 characters, unique per owner")
    String projectName;

    @Option(names = "--owner", paramLabel = "EMAIL",
            description = "The owning account (default: the administrator, the deployment's first account)")
    String owner;

    @Option(names = "--json", description = "Print {\"id\",\"name\",\"server_api_key\",\"client_api_key\"} as one JSON line")
    boolean json;

    public ProjectCreateCommand(Map<String, String> env, Path workDir, Terminal terminal) {
        super(env, workDir, terminal);
    }

    @Override
    Integer check() {
        projectName = InputRules.projectName(projectName);
        return null;
    }

    @Override
    int run(ControlPlaneStore store) throws Exception {
        Account account = owner(store, owner);
        CreatedProject created = await(store.projects().create(account.id(), projectName));
        audit(store, created.project().id(), "project.create", Map.of("name", created.project().name(), "owner", account.email()));
        if (json) {
            ObjectNode o = JSON.createObjectNode()
                    .put("id", created.project().id())
                    .put("name", created.project().name())
                    .put("server_api_key", created.serverApiKey())
                    .put("client_api_key", created.clientApiKey());
            out().println(JSON.writeValueAsString(o));
            return 0;
        }
        String id = created.project().id();
        out().println("Created project \"" + created.project().name() + "\" for " + account.email());
        out().println();
        out().println("  id              " + id);
        out().println("  client_api_key  " + created.clientApiKey());
        out().println("  server_api_key  " + created.serverApiKey());
        out().println();
        out().println("The server key is shown only this once: put it in your backend's secrets now.");
        out().println("Xshathra keeps only a hash of it. If it is lost, make a new one with:");
        out().println("  xshathra project rotate-key " + id);
        return 0;
    }

    /** The account named by email, or the administrator when none is named. */
    static Account owner(ControlPlaneStore store, String email) {
        if (email != null) {
            return await(store.accounts().findByEmail(email)).orElseThrow(() -> new ControlPlaneException(
                    ControlPlaneException.Reason.NOT_FOUND, "no account with the email " + email.strip()
                    + "; create it first with: xshathra user create " + email.strip()));
        }
        return await(store.accounts().list()).stream().filter(Account::admin).findFirst()
                .orElseThrow(() -> new ControlPlaneException(ControlPlaneException.Reason.NOT_FOUND,
                        "there is no account yet; create the first one with: xshathra user create EMAIL"));
    }
}
