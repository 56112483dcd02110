package io.xshathra.engine.config;

/** Which proxies a namespace calls ({@code subscribe_proxy_enabled}, {@code publish_proxy_name}, …). Nothing is configured in {@link #NONE}. */
public record ChannelProxies() {
    public static final ChannelProxies NONE = new ChannelProxies();
}
