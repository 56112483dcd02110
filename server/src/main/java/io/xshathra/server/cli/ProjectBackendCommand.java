package io.xshathra.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.controlplane.AuditLog;
import io.xshathra.controlplane.ProjectProxies;
import io.xshathra.controlplane.ProjectProxy;
import io.xshathra.controlplane.ProxyKind;
import io.xshathra.controlplane.ProxySettings;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xshathra project backend ID}: shows a project's backend endpoints and signing secret, or
 * changes one of them ({@code --kind K --url URL}, {@code --kind K --remove},
 * {@code --rotate-secret}) — what the console's Backends page does.
 */
@Command(name = "backend", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = {"Show or change a project's backend endpoints (connect, refresh, subscribe, publish,",
                "sub_refresh, rpc) and the secret the engine signs its calls to them with.",
                "Without --url, --remove or --rotate-secret it shows them."})
public final class ProjectBackendCommand extends StorageCommand {

    @Mixin
    ProjectArgument.Id project;

    @Option(names = "--kind", paramLabel = "KIND",
            description = "connect, refresh, subscribe, publish, sub_refresh or rpc (with --url or --remove)")
    String kind;

    @Option(names = "--url", paramLabel = "URL", description = "Set the endpoint of --kind to this http(s) URL")
    String url;

    @Option(names = "--timeout", paramLabel = "MS",
            description = "With --url: how long the engine waits for the backend, 100 to 30000 ms (default 1000)")
    Long timeoutMillis;

    @Option(names = "--remove", description = "Remove the endpoint of --kind")
    boolean remove;

    @Option(names = "--rotate-secret", description = "Replace the signing secret")
    boolean rotateSecret;

    @Option(names = "--json", description = "Print {\"id\",\"signing_secret\",\"backends\":{kind:{\"url\",\"timeout_ms\"}}} as one JSON line")
    boolean json;

    public ProjectBackendCommand(Map<String, String> env, Path workDir, Terminal terminal) {
        super(env, workDir, terminal);
    }

    @Override
    Integer check() {
        int actions = (url != null ? 1 : 0) + (remove ? 1 : 0) + (rotateSecret ? 1 : 0);
        if (actions > 1) {
            err().println(name() + ": choose one of --url, --remove and --rotate-secret");
            return 2;
        }
        if ((url != null || remove) && kind == null) {
            err().println(name() + ": --url and --remove need --kind");
            return 2;
        }
        if (kind != null && url == null && !remove) {
            err().println(name() + ": --kind needs --url or --remove");
            return 2;
        }
        if (timeoutMillis != null && url == null) {
            err().println(name() + ": --timeout goes with --url");
            return 2;
        }
        if (kind != null) {
            ProxyKind.of(kind);
        }
        return null;
    }

    @Override
    int run(ControlPlaneStore store) throws Exception {
        ProxySettings settings = store.projects().proxies();
        ProjectProxies p;
        if (url != null) {
            p = await(settings.set(project.id(), ProxyKind.of(kind), url,
                    timeoutMillis == null ? null : Duration.ofMillis(timeoutMillis)));
            audit(store, project.id(), "backend.set", Map.of("kind", ProxyKind.of(kind).id(), "url", AuditLog.safeUrl(url)));
        } else if (remove) {
            p = await(settings.remove(project.id(), ProxyKind.of(kind)));
            audit(store, project.id(), "backend.remove", Map.of("kind", ProxyKind.of(kind).id()));
        } else if (rotateSecret) {
            p = await(settings.rotateSigningSecret(project.id()));
            audit(store, project.id(), "backend.rotate_secret", Map.of());
        } else {
            p = await(settings.of(project.id()));
        }
        if (json) {
            ObjectNode o = JSON.createObjectNode().put("id", p.projectId()).put("signing_secret", p.signingSecret());
            ObjectNode backends = o.putObject("backends");
            for (ProjectProxy e : p.endpoints().values()) {
                backends.putObject(e.kind().id()).put("url", e.endpoint().toString())
                        .put("timeout_ms", e.timeout().toMillis());
            }
            out().println(JSON.writeValueAsString(o));
            return 0;
        }
        out().println("Backends of project " + p.projectId() + ":");
        for (ProxyKind k : ProxyKind.values()) {
            out().printf("  %-12s %s%n", k.id(), p.endpoint(k)
                    .map(e -> e.endpoint() + " (timeout " + e.timeout().toMillis() + " ms)").orElse("off"));
        }
        out().println("Signing secret: " + (p.signingSecret().isEmpty() ? "none yet (created with the first backend)"
                : p.signingSecret()));
        return 0;
    }
}
