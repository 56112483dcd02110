package io.xshathra.server;

import io.xshathra.server.config.LoadedConfig;
import io.xshathra.server.config.ServerSettings;
import java.nio.file.Path;

/**
 * The block a started server prints once: where the console, the WebSocket endpoint and the APIs
 * answer, where the data lives and which mode the server runs in. The other start-up details
 * (pools, migrations, listeners) are logged at debug level.
 */
final class ReadyBanner {

    private ReadyBanner() {
    }

    /**
     * @param engine   how messages travel: "memory (this node only)" or the Redis description
     * @param database the control plane's database, password masked
     * @param grpcApi  the gRPC API's port, 0 when off
     * @param uniGrpc  the uni_grpc port, 0 when off
     */
    static String of(LoadedConfig cfg, int port, String engine, String database, int grpcApi, int uniGrpc) {
        ServerSettings s = cfg.server();
        String host = host(s.address());
        String http = "http://" + host + ":" + port;
        StringBuilder b = new StringBuilder(512)
                .append("Xshathra ").append(Version.number()).append(" is ready")
                .append(wildcard(s.address()) ? " (listening on every interface)" : "").append('\n');
        line(b, "console", http + "/");
        line(b, "WebSocket", "ws://" + host + ":" + port + "/realtime/connection/websocket");
        line(b, "server API", http + "/realtime/api (engine key) · " + http + "/api/realtime/… (project keys)");
        if (grpcApi > 0) {
            line(b, "gRPC API", host + ":" + grpcApi);
        }
        if (uniGrpc > 0) {
            line(b, "uni_grpc", host + ":" + uniGrpc);
        }
        line(b, "data folder", s.dataDir().toAbsolutePath().normalize() + " · database " + database);
        line(b, "engine", engine);
        line(b, "mode", cfg.developmentDefaults()
                .map(d -> "development: generated secrets in " + display(d.secretsFile())
                        + " (configure client.token.hmac_secret_key and http_api.key for production)")
                .orElse("configured secrets"));
        b.setLength(b.length() - 1);
        return b.toString();
    }

    private static void line(StringBuilder b, String name, String value) {
        b.append("  ").append(name).append(" ".repeat(Math.max(1, 13 - name.length()))).append(value).append('\n');
    }

    private static boolean wildcard(String address) {
        return address.isEmpty() || address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
    }

    /** A host a browser on this machine can open: the wildcard addresses become localhost. */
    static String host(String address) {
        if (wildcard(address)) {
            return "localhost";
        }
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }

    private static String display(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }
}
