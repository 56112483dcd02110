package io.xshathra.engine.proxy;

import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ProxyConfig;
import io.xshathra.engine.config.ProxyEndpoint;
import java.util.List;

/**
 * Subscribe stream proxies: which endpoint a namespace with {@code subscribe_stream_proxy_enabled}
 * streams from, and the transports that open the streams. Only connections outside any project
 * use them (the operator's gRPC backends are not a project's). {@link #NONE} has none.
 */
public record SubscribeStreams(ProxyConfig config, List<StreamProxyTransport> transports) {

    public static final SubscribeStreams NONE = new SubscribeStreams(ProxyConfig.NONE, List.of());

    public SubscribeStreams {
        transports = List.copyOf(transports);
    }

    /** The stream endpoint of a channel's namespace for a connection in a project, or null. */
    public ProxyEndpoint endpoint(String projectId, ChannelOptions options) {
        String name = options.proxies().subscribeStream();
        if (name == null || !projectId.isEmpty()) {
            return null;
        }
        return config.endpoint(ProxyConfig.Kind.SUBSCRIBE_STREAM, name);
    }

    /** Opens a stream through the transport that serves the endpoint. */
    public StreamProxyTransport.Call open(ProxyEndpoint ep, CallHeaders headers, ProxyRequest.Subscribe request,
                                          boolean bidirectional, StreamProxyTransport.Listener listener) {
        for (StreamProxyTransport t : transports) {
            if (t.serves(ep)) {
                return t.open(ep, headers, request, bidirectional, listener);
            }
        }
        throw new ProxyException(ProxyException.Reason.UNREACHABLE, "no stream transport for endpoint " + ep.name());
    }
}
