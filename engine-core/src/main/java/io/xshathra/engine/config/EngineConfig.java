package io.xshathra.engine.config;

import java.time.Duration;

/**
 * Everything the engine needs at runtime, validated once at startup. Built by the server's
 * configuration loader from {@code config.json}, the environment and flags; tests build it
 * directly.
 *
 * @param client        connection settings
 * @param channel       namespaces and channel rules
 * @param rpcPing       the built-in {@code ping} RPC method
 * @param httpApi       the server HTTP API
 * @param websocket     the WebSocket transport
 * @param nodeName      this node's name in {@code info}
 * @param shutdownTimeout how long a graceful shutdown may take
 * @param proxies       the application backends the engine calls (proxies)
 * @param mapBroker     where map subscription state lives
 * @param sharedPoll    the top-level {@code shared_poll} settings (track signature keys, poll concurrency)
 */
public record EngineConfig(
        ClientConfig client,
        ChannelConfig channel,
        RpcPing rpcPing,
        HttpApi httpApi,
        WebSocket websocket,
        String nodeName,
        Duration shutdownTimeout,
        ProxyConfig proxies,
        MapBrokerConfig mapBroker,
        SharedPollConfig sharedPoll) {

    /** {@code rpc.ping.*}: when enabled the RPC method {@code method} answers an empty result. */
    public record RpcPing(boolean enabled, String method) {
    }

    /**
     * {@code http_api.*}.
     *
     * @param key       the API key; empty = every request is refused unless insecure
     * @param insecure  no authentication (development only)
     * @param errorMode {@code ""} or {@code "transport"}
     */
    public record HttpApi(String key, boolean insecure, String errorMode) {
    }

    /**
     * {@code websocket.*}.
     *
     * @param messageSizeLimit largest incoming message in bytes (larger: close 1009)
     * @param writeTimeout     how long a write may stay pending before 3009
     */
    public record WebSocket(int messageSizeLimit, Duration writeTimeout) {
    }

    /** Defaults everywhere, with the given token secret and API key. */
    public static EngineConfig defaults(String hmacSecret, String apiKey) {
        return new EngineConfig(ClientConfig.defaults(hmacSecret), ChannelConfig.defaults(),
                new RpcPing(false, "ping"), new HttpApi(apiKey, false, ""),
                new WebSocket(65536, Duration.ofSeconds(1)), "xshathra", Duration.ofSeconds(30),
                ProxyConfig.NONE, MapBrokerConfig.NONE, SharedPollConfig.NONE);
    }

    public EngineConfig withClient(ClientConfig c) {
        return new EngineConfig(c, channel, rpcPing, httpApi, websocket, nodeName, shutdownTimeout, proxies,
                mapBroker, sharedPoll);
    }

    public EngineConfig withChannel(ChannelConfig c) {
        return new EngineConfig(client, c, rpcPing, httpApi, websocket, nodeName, shutdownTimeout, proxies,
                mapBroker, sharedPoll);
    }

    public EngineConfig withWebSocket(WebSocket w) {
        return new EngineConfig(client, channel, rpcPing, httpApi, w, nodeName, shutdownTimeout, proxies,
                mapBroker, sharedPoll);
    }

    public EngineConfig withProxies(ProxyConfig p) {
        return new EngineConfig(client, channel, rpcPing, httpApi, websocket, nodeName, shutdownTimeout, p,
                mapBroker, sharedPoll);
    }

    public EngineConfig withMapBroker(MapBrokerConfig m) {
        return new EngineConfig(client, channel, rpcPing, httpApi, websocket, nodeName, shutdownTimeout, proxies,
                m, sharedPoll);
    }

    public EngineConfig withRpcPing(RpcPing r) {
        return new EngineConfig(client, channel, r, httpApi, websocket, nodeName, shutdownTimeout, proxies,
                mapBroker, sharedPoll);
    }

    public EngineConfig withSharedPoll(SharedPollConfig s) {
        return new EngineConfig(client, channel, rpcPing, httpApi, websocket, nodeName, shutdownTimeout, proxies,
                mapBroker, s);
    }
}
