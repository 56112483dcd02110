package io.xshathra.server.config;

import io.xshathra.controlplane.console.ConsoleOptions;
import io.xshathra.controlplane.security.ProxyTargets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Process-level settings outside the engine: where to listen, where to keep data, which
 * operational endpoints to serve and how much to log.
 *
 * @param address           interface to bind ({@code http_server.address}); default {@code 127.0.0.1}
 * @param port              TCP port ({@code http_server.port}); default 3001; 0 only from the
 *                          {@code --port} flag, meaning "any free port"
 * @param dataDir           where the server keeps files ({@code xshathra.data_dir}); default {@code ./data}
 * @param databaseUrl       the control plane's PostgreSQL URL ({@code xshathra.database_url}); empty
 *                          (the default) for the SQLite file in the data folder. It may hold a
 *                          password: {@link #toString()} hides it
 * @param healthEnabled     serve the health endpoint ({@code health.enabled}); default true
 * @param prometheusEnabled serve Prometheus metrics ({@code prometheus.enabled}); default true
 * @param logLevel          one of {@code none, trace, debug, info, warn, error} ({@code log.level})
 * @param endpoints         handler paths, relative to where the engine is mounted
 * @param transports        the client connection endpoints, with paths relative to where the engine
 *                          is mounted ({@code websocket}, {@code http_stream}, {@code sse},
 *                          {@code emulation}, {@code uni_websocket}, {@code uni_sse}, {@code uni_http_stream})
 * @param redis             the Redis engine's settings when {@code engine.type} is {@code redis};
 *                          null for the memory engine (one node)
 * @param http              deadlines and limits of plain HTTP requests ({@code http_server.read_header_timeout},
 *                          {@code read_body_timeout}, {@code idle_timeout}, {@code write_timeout},
 *                          {@code max_initial_line_length}, {@code max_header_size},
 *                          {@code max_header_count}, {@code pipeline_buffer_size})
 * @param console           the console's view of the network: trusted proxies
 *                          ({@code xshathra.trusted_proxies}), cookie security
 *                          ({@code xshathra.console.secure_cookies}) and HSTS
 *                          ({@code xshathra.console.hsts_max_age})
 * @param projectBackends   which hosts projects' backend endpoints may point at
 *                          ({@code xshathra.project_proxies.private_networks})
 * @param grpc              the gRPC listeners ({@code grpc_api.*}, {@code uni_grpc.*}), each off by default
 * @param mapRedis          the map broker's own Redis ({@code map_broker.redis}); null when map state
 *                          lives in memory or in the Redis engine's Redis
 * @param projectLimits     every project's default limits ({@code xshathra.project_limits.*}); none by default
 */
public record ServerSettings(
        String address,
        int port,
        Path dataDir,
        String databaseUrl,
        boolean healthEnabled,
        boolean prometheusEnabled,
        String logLevel,
        Endpoints endpoints,
        io.xshathra.netty.TransportSettings transports,
        io.xshathra.redis.RedisEngineOptions redis,
        io.xshathra.netty.HttpEdgeSettings http,
        ConsoleOptions console,
        ProxyTargets projectBackends,
        Grpc grpc,
        io.xshathra.redis.RedisEngineOptions mapRedis,
        io.xshathra.controlplane.limits.LimitSettings projectLimits) {

    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 3001;
    public static final Path DEFAULT_DATA_DIR = Path.of("data");

    public ServerSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(transports, "transports");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(projectBackends, "projectBackends");
        Objects.requireNonNull(grpc, "grpc");
        projectLimits = projectLimits == null ? io.xshathra.controlplane.limits.LimitSettings.UNLIMITED : projectLimits;
    }

    /** Without project limit defaults. */
    public ServerSettings(String address, int port, Path dataDir, String databaseUrl, boolean healthEnabled,
                          boolean prometheusEnabled, String logLevel, Endpoints endpoints,
                          io.xshathra.netty.TransportSettings transports, io.xshathra.redis.RedisEngineOptions redis,
                          io.xshathra.netty.HttpEdgeSettings http, ConsoleOptions console,
                          ProxyTargets projectBackends, Grpc grpc, io.xshathra.redis.RedisEngineOptions mapRedis) {
        this(address, port, dataDir, databaseUrl, healthEnabled, prometheusEnabled, logLevel, endpoints, transports,
                redis, http, console, projectBackends, grpc, mapRedis, null);
    }

    /** Without a separate map broker Redis. */
    public ServerSettings(String address, int port, Path dataDir, String databaseUrl, boolean healthEnabled,
                          boolean prometheusEnabled, String logLevel, Endpoints endpoints,
                          io.xshathra.netty.TransportSettings transports, io.xshathra.redis.RedisEngineOptions redis,
                          io.xshathra.netty.HttpEdgeSettings http, ConsoleOptions console,
                          ProxyTargets projectBackends, Grpc grpc) {
        this(address, port, dataDir, databaseUrl, healthEnabled, prometheusEnabled, logLevel, endpoints, transports,
                redis, http, console, projectBackends, grpc, null, null);
    }

    /** Every setting at its default. */
    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_ADDRESS, DEFAULT_PORT, DEFAULT_DATA_DIR, "", true, true, "info",
                Endpoints.defaults(), io.xshathra.netty.TransportSettings.defaults(), null,
                io.xshathra.netty.HttpEdgeSettings.defaults(), ConsoleOptions.DEFAULTS,
                ProxyTargets.allowingPrivateNetworks(), Grpc.DISABLED);
    }

    @Override
    public String toString() {
        return "ServerSettings[address=" + address + ", port=" + port + ", dataDir=" + dataDir
                + ", databaseUrl=" + (databaseUrl.isEmpty() ? "(SQLite in dataDir)" : "(set)")
                + ", healthEnabled=" + healthEnabled + ", prometheusEnabled=" + prometheusEnabled
                + ", logLevel=" + logLevel + ", endpoints=" + endpoints + ", transports=" + transports
                + ", engine=" + (redis == null ? "memory" : redis.describe()) + ", http=" + http
                + ", trustedProxies=" + console.trustedProxies() + ", secureCookies=" + console.secureCookies()
                + ", projectBackendsOnPrivateNetworks=" + projectBackends.allowsPrivateNetworks()
                + ", grpcApi=" + grpc.api() + ", uniGrpc=" + grpc.uni() + "]";
    }

    /**
     * Handler paths ({@code *.handler_prefix}) and the on/off switches of the client and API
     * endpoints.
     *
     * @param websocket         {@code websocket.handler_prefix}, default {@code /connection/websocket}
     * @param websocketDisabled {@code websocket.disabled}
     * @param api               {@code http_api.handler_prefix}, default {@code /api}
     * @param apiDisabled       {@code http_api.disabled}
     * @param health            {@code health.handler_prefix}, default {@code /health}
     * @param prometheus        {@code prometheus.handler_prefix}, default {@code /metrics}
     */
    public record Endpoints(String websocket, boolean websocketDisabled, String api, boolean apiDisabled,
            String health, String prometheus) {

        public static Endpoints defaults() {
            return new Endpoints("/connection/websocket", false, "/api", false, "/health", "/metrics");
        }
    }

    /**
     * The gRPC listeners, each on its own port.
     *
     * @param api the server API over gRPC ({@code grpc_api.*})
     * @param uni the uni_grpc transport ({@code uni_grpc.*})
     */
    public record Grpc(io.xshathra.grpc.GrpcApiSettings api, io.xshathra.grpc.UniGrpcSettings uni) {
        /** Neither listener. */
        public static final Grpc DISABLED =
                new Grpc(io.xshathra.grpc.GrpcApiSettings.DISABLED, io.xshathra.grpc.UniGrpcSettings.DISABLED);

        public Grpc {
            Objects.requireNonNull(api, "api");
            Objects.requireNonNull(uni, "uni");
        }
    }
}
