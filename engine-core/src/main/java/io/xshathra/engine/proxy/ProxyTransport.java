package io.xshathra.engine.proxy;

import io.xshathra.engine.config.ProxyEndpoint;
import java.util.concurrent.CompletionStage;

/**
 * How the engine reaches a backend: the seam between the proxy handlers (which know the protocol
 * and the client) and the wire (HTTP with JSON bodies in {@link HttpProxyTransport}; a gRPC
 * transport speaking Centrifugo's {@code proxy.proto} plugs in here too, chosen per endpoint).
 *
 * <p>Contract: never blocks the caller; the stage completes on a transport thread (callers hop
 * back to their event loop) within the endpoint's timeout, with the backend's reply, or
 * exceptionally with a {@link ProxyException}. Implementations bound the calls in flight and the
 * size of a reply.
 */
public interface ProxyTransport {

    /**
     * Calls the endpoint.
     *
     * @param endpoint where to, with its timeout and forwarding rules
     * @param headers  the connection's forwardable headers; the transport keeps the endpoint's own subset
     * @param request  the call
     */
    <R> CompletionStage<ProxyReply<R>> call(ProxyEndpoint endpoint, CallHeaders headers, ProxyRequest<R> request);

    /** Whether this transport serves the endpoint (its URL scheme). */
    boolean serves(ProxyEndpoint endpoint);
}
