package io.xshathra.server.config;

import io.xshathra.controlplane.console.ConsoleOptions;
import io.xshathra.controlplane.security.ProxyTargets;
import io.xshathra.controlplane.security.TrustedProxies;
import io.xshathra.controlplane.storage.DatabaseUrl;
import io.xshathra.netty.HttpEdgeSettings;
import io.xshathra.netty.TransportSettings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** Builds {@link ServerSettings} from the merged tree and the command-line flags (which win). */
final class ServerSettingsReader {

    static final Set<String> LOG_LEVELS = Set.of("none", "trace", "debug", "info", "warn", "error");

    private ServerSettingsReader() {
    }

    static ServerSettings read(ConfigNode root, CliOverrides flags) {
        ServerSettings d = ServerSettings.defaults();
        ConfigNode http = root.child("http_server");
        String address = flags.address() != null ? flags.address() : http.string("address", d.address());
        int port = flags.port() != null ? flagPort(flags.port()) : port(http, d.port());
        Path dataDir = flags.dataDir() != null ? flags.dataDir() : dataDir(root.child("xshathra"), d.dataDir());
        String databaseUrl = databaseUrl(root.child("xshathra"), flags.databaseUrl());
        String logLevel = flags.logLevel() != null
                ? logLevel(flags.logLevel(), "--log-level")
                : logLevel(root.child("log").string("level", d.logLevel()), root.child("log").describe("level"));
        ConfigNode ws = root.child("websocket");
        ConfigNode api = root.child("http_api");
        ConfigNode health = root.child("health");
        ConfigNode prometheus = root.child("prometheus");
        ServerSettings.Endpoints e = d.endpoints();
        ServerSettings.Endpoints endpoints = new ServerSettings.Endpoints(
                prefix(ws, e.websocket()), ws.bool("disabled", false),
                prefix(api, e.api()), api.bool("disabled", false),
                prefix(health, e.health()), prefix(prometheus, e.prometheus()));
        return new ServerSettings(address, port, dataDir, databaseUrl, health.bool("enabled", d.healthEnabled()),
                prometheus.bool("enabled", d.prometheusEnabled()), logLevel, endpoints, transports(root, endpoints),
                RedisSettingsReader.read(root), httpEdge(http), console(root.child("xshathra")),
                projectBackends(root.child("xshathra").child("project_proxies"), address),
                new ServerSettings.Grpc(GrpcSettingsReader.api(root, address), GrpcSettingsReader.uni(root, address)),
                RedisSettingsReader.readMapBroker(root), projectLimits(root.child("xshathra").child("project_limits")));
    }

    /**
     * {@code xshathra.project_limits.*}: every project's default limits, 0 (the default) for none;
     * a project's own limits override them. A negative or non-integer value names its key.
     */
    private static io.xshathra.controlplane.limits.LimitSettings projectLimits(ConfigNode section) {
        return new io.xshathra.controlplane.limits.LimitSettings(limit(section, "max_connections"),
                limit(section, "max_publications_per_second"), limit(section, "max_message_size"));
    }

    private static int limit(ConfigNode section, String key) {
        if (section.isPresent(key) && !section.raw(key).canConvertToInt()) {
            throw section.error(key, "must be a whole number from 0 (no limit) to " + Integer.MAX_VALUE
                    + ", got " + section.raw(key));
        }
        return section.nonNegativeInt(key, 0);
    }

    /**
     * {@code xshathra.project_proxies.private_networks}: {@code auto} (the default) allows projects'
     * backends on private networks only while the server listens on a loopback address, where
     * every tenant is the operator; {@code allow} and {@code deny} decide regardless.
     */
    private static ProxyTargets projectBackends(ConfigNode section, String address) {
        String mode = section.string("private_networks", "auto");
        return switch (mode) {
            case "allow" -> ProxyTargets.allowingPrivateNetworks();
            case "deny" -> ProxyTargets.publicOnly();
            case "auto" -> loopback(address) ? ProxyTargets.allowingPrivateNetworks() : ProxyTargets.publicOnly();
            default -> throw section.error("private_networks", "must be auto, allow or deny, got \"" + mode + "\"");
        };
    }

    private static boolean loopback(String address) {
        return address.equals("localhost") || address.startsWith("127.") || address.equals("::1")
                || address.equals("[::1]");
    }

    /** The HTTP phase's deadlines and limits ({@code http_server.*}); zero or absent: the default. */
    private static HttpEdgeSettings httpEdge(ConfigNode http) {
        HttpEdgeSettings d = HttpEdgeSettings.defaults();
        return new HttpEdgeSettings(
                http.duration("read_header_timeout", d.readHeaderTimeout()),
                http.duration("read_body_timeout", d.readBodyTimeout()),
                http.duration("idle_timeout", d.idleTimeout()),
                http.duration("write_timeout", d.writeTimeout()),
                atLeast(http, "max_initial_line_length", d.maxInitialLineLength(), 256),
                atLeast(http, "max_header_size", d.maxHeaderSize(), 1024),
                atLeast(http, "max_header_count", d.maxHeaderCount(), 8),
                atLeast(http, "pipeline_buffer_size", d.pipelineBufferSize(), 0));
    }

    private static int atLeast(ConfigNode section, String key, int def, int min) {
        int v = section.nonNegativeInt(key, def);
        if (section.isSet(key) && v < min) {
            throw section.error(key, "must be at least " + min + ", got " + v);
        }
        return v == 0 ? def : v;
    }

    /** The console's trusted proxies, cookie security and HSTS; a bad value names its key. */
    private static ConsoleOptions console(ConfigNode own) {
        TrustedProxies proxies;
        try {
            proxies = TrustedProxies.parse(own.strings("trusted_proxies"));
        } catch (IllegalArgumentException e) {
            throw own.error("trusted_proxies", e.getMessage());
        }
        ConfigNode console = own.child("console");
        ConsoleOptions.SecureCookies cookies;
        try {
            cookies = ConsoleOptions.SecureCookies.parse(console.string("secure_cookies", "auto"));
        } catch (IllegalArgumentException e) {
            throw console.error("secure_cookies", e.getMessage());
        }
        Duration hsts = console.duration("hsts_max_age", Duration.ZERO);
        return new ConsoleOptions(proxies, cookies, hsts, ConsoleOptions.DEFAULTS.addressLimits(), null);
    }

    /** The connection endpoints; each sits at its own {@code handler_prefix}. */
    private static TransportSettings transports(ConfigNode root, ServerSettings.Endpoints e) {
        ConfigNode ws = root.child("websocket");
        int level = ws.nonNegativeInt("compression_level", 1);
        if (ws.isSet("compression_level") && (level < 1 || level > 9)) {
            throw ws.error("compression_level", "must be between 1 and 9, got " + level);
        }
        TransportSettings.Compression compression = new TransportSettings.Compression(ws.bool("compression", false),
                level, ws.nonNegativeInt("compression_min_size", 0));
        ConfigNode uniWs = root.child("uni_websocket");
        TransportSettings.UniWebSocket uni = new TransportSettings.UniWebSocket(uniWs.bool("enabled", false),
                Set.of(prefix(uniWs, "/connection/uni_websocket")), uniWs.bool("join_push_messages", false),
                uniWs.bool("disable_disconnect_push", false));
        return new TransportSettings(e.websocketDisabled() ? Set.of() : Set.of(e.websocket()), compression,
                endpoint(root.child("http_stream"), "/connection/http_stream", false),
                endpoint(root.child("sse"), "/connection/sse", false),
                endpoint(root.child("emulation"), "/emulation", true),
                uni,
                endpoint(root.child("uni_sse"), "/connection/uni_sse", false),
                endpoint(root.child("uni_http_stream"), "/connection/uni_http_stream", false));
    }

    private static TransportSettings.Endpoint endpoint(ConfigNode section, String path, boolean alwaysOn) {
        int max = section.nonNegativeInt("max_request_body_size", TransportSettings.DEFAULT_MAX_BODY);
        return new TransportSettings.Endpoint(alwaysOn || section.bool("enabled", false), Set.of(prefix(section, path)),
                max == 0 ? TransportSettings.DEFAULT_MAX_BODY : max);
    }

    private static int port(ConfigNode http, int def) {
        if (!http.isSet("port")) {
            return def;
        }
        int port = http.raw("port").asInt();
        if (port < 1 || port > 65535) {
            throw http.error("port", "must be between 1 and 65535, got " + port);
        }
        return port;
    }

    private static int flagPort(int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigException("--port", "must be between 0 and 65535, got " + port);
        }
        return port;
    }

    private static Path dataDir(ConfigNode own, Path def) {
        String dir = own.string("data_dir", "");
        if (dir.isEmpty()) {
            return def;
        }
        try {
            return Path.of(dir);
        } catch (InvalidPathException e) {
            throw own.error("data_dir", "invalid path \"" + dir + "\": " + e.getReason());
        }
    }

    /** The flag wins; the value is checked here so a bad URL stops startup, and never repeated. */
    private static String databaseUrl(ConfigNode own, String flag) {
        String url = flag != null ? flag.strip() : own.string("database_url", "").strip();
        if (url.isEmpty()) {
            return "";
        }
        try {
            DatabaseUrl.parse(url);
        } catch (IllegalArgumentException e) {
            if (flag != null) {
                throw new ConfigException("--database-url", e.getMessage());
            }
            throw own.error("database_url", e.getMessage());
        }
        return url;
    }

    private static String logLevel(String level, String key) {
        String l = level.toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(l)) {
            throw new ConfigException(key, "must be one of none, trace, debug, info, warn, error, got \"" + level + "\"");
        }
        return l;
    }

    private static String prefix(ConfigNode section, String def) {
        String p = section.string("handler_prefix", def);
        if (!p.startsWith("/")) {
            throw section.error("handler_prefix", "must start with \"/\", got \"" + p + "\"");
        }
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
