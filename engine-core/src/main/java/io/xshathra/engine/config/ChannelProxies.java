package io.xshathra.engine.config;

/**
 * Which proxies a namespace calls: the name of its subscribe, publish and sub_refresh proxy, or
 * null when that proxy is not enabled ({@code subscribe_proxy_enabled} / {@code subscribe_proxy_name},
 * {@code publish_proxy_*}, {@code sub_refresh_proxy_*}); {@code default} names the kind's
 * default proxy in {@link ProxyConfig}. {@code subscribeStream} names the subscribe stream proxy
 * ({@code subscribe_stream_proxy_enabled} / {@code subscribe_stream_proxy_name}), whose stream is
 * bidirectional when {@code streamBidirectional} ({@code subscribe_stream_proxy_bidirectional}).
 * {@code mapPublish} and {@code mapRemove} name the proxies of client writes into a map namespace
 * ({@code map.publish_proxy_*}, {@code map.remove_proxy_*}). Nothing is configured in {@link #NONE}.
 */
public record ChannelProxies(String subscribe, String publish, String subRefresh, String subscribeStream,
                             boolean streamBidirectional, String mapPublish, String mapRemove) {
    public static final ChannelProxies NONE = new ChannelProxies(null, null, null);

    /** Without a subscribe stream proxy or map proxies. */
    public ChannelProxies(String subscribe, String publish, String subRefresh) {
        this(subscribe, publish, subRefresh, null, false, null, null);
    }

    /** Without map proxies. */
    public ChannelProxies(String subscribe, String publish, String subRefresh, String subscribeStream,
                          boolean streamBidirectional) {
        this(subscribe, publish, subRefresh, subscribeStream, streamBidirectional, null, null);
    }

    /** Without a subscribe stream proxy. */
    public ChannelProxies(String subscribe, String publish, String subRefresh, String mapPublish, String mapRemove) {
        this(subscribe, publish, subRefresh, null, false, mapPublish, mapRemove);
    }
}
