package io.xshathra.engine.proxy;

import io.xshathra.engine.config.ProxyEndpoint;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What client sessions use to reach backends: the {@link ProxyDirectory} says which endpoint, the
 * transports make the call (the first that {@link ProxyTransport#serves serves} the endpoint).
 * {@link #NONE} has no proxies at all; sessions then never build a proxy request. {@code streams}
 * are the subscribe stream proxies ({@link SubscribeStreams#NONE} when none are configured).
 */
public record Proxies(ProxyDirectory directory, List<ProxyTransport> transports, SubscribeStreams streams) {

    public static final Proxies NONE = new Proxies(new StaticProxyDirectory(io.xshathra.engine.config.ProxyConfig.NONE),
            List.of());

    public Proxies {
        transports = List.copyOf(transports);
        streams = streams == null ? SubscribeStreams.NONE : streams;
    }

    /** Proxies without subscribe stream proxies. */
    public Proxies(ProxyDirectory directory, List<ProxyTransport> transports) {
        this(directory, transports, SubscribeStreams.NONE);
    }

    /** Calls an endpoint through the transport that serves it; fails with UNREACHABLE when none does. */
    public <R> CompletionStage<ProxyReply<R>> call(ProxyEndpoint ep, CallHeaders headers, ProxyRequest<R> request) {
        for (ProxyTransport t : transports) {
            if (t.serves(ep)) {
                return t.call(ep, headers, request);
            }
        }
        return CompletableFuture.failedFuture(new ProxyException(ProxyException.Reason.UNREACHABLE,
                "no transport for endpoint " + ep.name()));
    }
}
