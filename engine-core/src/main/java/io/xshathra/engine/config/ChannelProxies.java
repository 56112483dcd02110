package io.xshathra.engine.config;

/**
 * Which proxies a namespace calls: the name of its subscribe, publish and sub_refresh proxy, or
 * null when that proxy is not enabled ({@code subscribe_proxy_enabled} / {@code subscribe_proxy_name},
 * {@code publish_proxy_*}, {@code sub_refresh_proxy_*}); {@code default} names the kind's
 * default proxy in {@link ProxyConfig}. Nothing is configured in {@link #NONE}.
 */
public record ChannelProxies(String subscribe, String publish, String subRefresh) {
    public static final ChannelProxies NONE = new ChannelProxies(null, null, null);
}
