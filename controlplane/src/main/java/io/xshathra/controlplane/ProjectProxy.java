package io.xshathra.controlplane;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One backend endpoint of a project.
 *
 * @param kind     what the endpoint decides
 * @param endpoint an {@code http} or {@code https} URL (checked by {@link InputRules#proxyEndpoint})
 * @param timeout  how long the engine waits for the backend before it answers the client with an
 *                 internal error (checked by {@link InputRules#proxyTimeout})
 */
public record ProjectProxy(ProxyKind kind, URI endpoint, Duration timeout) {

    public ProjectProxy {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(timeout, "timeout");
    }
}
