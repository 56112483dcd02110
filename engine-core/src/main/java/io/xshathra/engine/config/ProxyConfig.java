package io.xshathra.engine.config;

/** The named {@code proxies}, the client connect and refresh proxies and the RPC proxies. Nothing is configured in {@link #NONE}. */
public record ProxyConfig() {
    public static final ProxyConfig NONE = new ProxyConfig();
}
