package io.xshathra.server.config;

import io.xshathra.engine.config.ProxyConfig;

import java.util.List;

/** Reads {@code proxies}, {@code client.proxy.*} and {@code rpc.*} proxy settings. */
final class ProxyConfigReader {
    private ProxyConfigReader() {
    }

    static ProxyConfig read(ConfigNode root, List<String> warnings) {
        return ProxyConfig.NONE;
    }
}
