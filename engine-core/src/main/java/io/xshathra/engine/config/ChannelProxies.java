package io.xshathra.engine.config;

/**
 * Which proxies a namespace calls: the name of its subscribe, publish and sub_refresh proxy, or
 * null when that proxy is not enabled ({@code subscribe_proxy_enabled} / {@code subscribe_proxy_name},
 * {@code publish_proxy_*}, {@code sub_refresh_proxy_*}); {@code default} names the kind's
 * default proxy in {@link ProxyConfig}. {@code mapPublish} and {@code mapRemove} name the proxies
 * of client writes into a map namespace ({@code map.publish_proxy_*}, {@code map.remove_proxy_*}).
 * Nothing is configured in {@link #NONE}.
 */
public record ChannelProxies(String subscribe, String publish, String subRefresh, String mapPublish,
                             String mapRemove) {
    public static final ChannelProxies NONE = new ChannelProxies(null, null, null);

    /** Without map proxies. */
    public ChannelProxies(String subscribe, String publish, String subRefresh) {
        this(subscribe, publish, subRefresh, null, null);
    }
}
