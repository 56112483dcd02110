package io.xshathra.controlplane;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A project's backend endpoints and the secret the engine signs its calls to them with.
 *
 * @param projectId     the project
 * @param endpoints     at most one endpoint per kind
 * @param signingSecret {@code xs_ps_…}, or empty while the project has never had an endpoint;
 *                      the backend checks the {@code X-Xshathra-Signature} header with it
 */
public record ProjectProxies(String projectId, Map<ProxyKind, ProjectProxy> endpoints, String signingSecret) {

    public ProjectProxies {
        EnumMap<ProxyKind, ProjectProxy> copy = new EnumMap<>(ProxyKind.class);
        copy.putAll(endpoints);
        endpoints = Collections.unmodifiableMap(copy);
        signingSecret = signingSecret == null ? "" : signingSecret;
    }

    /** A project without endpoints. */
    public static ProjectProxies none(String projectId) {
        return new ProjectProxies(projectId, Map.of(), "");
    }

    /** The endpoint for this kind, if the project has one. */
    public Optional<ProjectProxy> endpoint(ProxyKind kind) {
        return Optional.ofNullable(endpoints.get(kind));
    }

    @Override
    public String toString() {
        return "ProjectProxies[" + projectId + ", " + endpoints.keySet() + ", secret "
                + (signingSecret.isEmpty() ? "none" : "set") + "]";
    }
}
