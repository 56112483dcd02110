package io.xshathra.bench;

import io.xshathra.bench.host.ServerProcess;
import io.xshathra.bench.net.Endpoint;
import io.xshathra.bench.scenario.Settings;
import io.xshathra.protocol.ProtocolType;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The options every scenario takes (a picocli mixin). */
public final class CommonOptions {

    /** Client protocol names as typed on the command line. */
    public enum Protocol {
        json(ProtocolType.JSON), protobuf(ProtocolType.PROTOBUF);

        final ProtocolType type;

        Protocol(ProtocolType type) {
            this.type = type;
        }
    }

    @Option(names = "--url", paramLabel = "WS_URL", defaultValue = "ws://127.0.0.1:3001/realtime/connection/websocket",
            description = "Client WebSocket URL (default: ${DEFAULT-VALUE}, a local Xshathra; Centrifugo:"
                    + " ws://127.0.0.1:8000/connection/websocket).")
    String url;

    @Option(names = "--api-url", paramLabel = "URL", defaultValue = "http://127.0.0.1:3001/realtime/api",
            description = "Server HTTP API base; methods are appended, e.g. /publish (default: ${DEFAULT-VALUE};"
                    + " Centrifugo: http://127.0.0.1:8000/api).")
    String apiUrl;

    @Option(names = "--secret", paramLabel = "SECRET",
            description = "HS256 secret (client.token.hmac_secret_key) the bench signs connection tokens with"
                    + " (default: the development secrets in --data-dir when that folder has them; else"
                    + " connections carry no token).")
    String secret;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Server API key (http_api.key), sent as"
            + " X-API-Key (default: as for --secret).")
    String apiKey;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Where a local Xshathra keeps its generated development secrets (dev-secrets.json),"
                    + " read when --secret or --api-key is not given (default: ${DEFAULT-VALUE}).")
    java.nio.file.Path dataDir;

    @Option(names = "--protocol", paramLabel = "json|protobuf", defaultValue = "json",
            description = "Client protocol (default: ${DEFAULT-VALUE}).")
    Protocol protocol;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "20",
            description = "Measured seconds, 1..3600; the run always stops by itself (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "2",
            description = "Unmeasured seconds of load before measuring, 0..300 (fanout, connect, api;"
                    + " default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--channel-prefix", paramLabel = "PREFIX", defaultValue = "public:bench-",
            description = "Prefix of every channel name, usually a namespace and ':'. The server needs that"
                    + " namespace with allow_subscribe_for_client, and allow_publish_for_subscriber for"
                    + " --publish-via client (default: ${DEFAULT-VALUE}, the bundled configuration's public"
                    + " namespace).")
    String channelPrefix;

    @Option(names = "--json", description = "Print one JSON result object on stdout (the table goes to stderr).")
    boolean json;

    @Option(names = "--source-addresses", paramLabel = "N", defaultValue = "1",
            description = "Spread client sockets over source addresses 127.0.0.1..127.0.0.N (loopback servers"
                    + " only), for more than one ephemeral port range of connections (default: ${DEFAULT-VALUE}).")
    int sourceAddresses;

    @Option(names = "--threads", paramLabel = "N",
            description = "Client event loop threads (default: the number of processors).")
    Integer threads;

    @Option(names = "--connect-concurrency", paramLabel = "N", defaultValue = "200",
            description = "WebSocket handshakes in flight while opening connections (default: ${DEFAULT-VALUE}).")
    int connectConcurrency;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Bound on each TCP connect, upgrade, command reply and API response"
                    + " (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "The server's process id on this machine: its CPU and resident memory are read from"
                    + " /proc/PID (required by idle, optional elsewhere).")
    Long serverPid;

    /** Checks ranges; a message for the first bad value, or null. */
    String invalid() {
        if (duration < 1 || duration > 3600) {
            return "--duration must be 1..3600 seconds";
        }
        if (warmup < 0 || warmup > 300) {
            return "--warmup must be 0..300 seconds";
        }
        if (sourceAddresses < 1 || sourceAddresses > 250) {
            return "--source-addresses must be 1..250";
        }
        if (threads != null && (threads < 1 || threads > 256)) {
            return "--threads must be 1..256";
        }
        if (connectConcurrency < 1 || connectConcurrency > 10_000) {
            return "--connect-concurrency must be 1..10000";
        }
        if (timeout < 1 || timeout > 300) {
            return "--timeout must be 1..300 seconds";
        }
        return null;
    }

    /** The scenario settings; parses the URLs ({@link IllegalArgumentException} when malformed). */
    Settings settings(PrintWriter err) {
        String tokenSecret = blankToNull(secret);
        String key = blankToNull(apiKey);
        if (tokenSecret == null || key == null) {
            DevSecrets dev;
            try {
                dev = DevSecrets.read(dataDir);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read the development secrets: " + e.getMessage(), e);
            }
            if (dev != null) {
                err.println("bench: using the development secrets in " + dataDir.resolve(DevSecrets.FILE)
                        + " for " + (tokenSecret == null && key == null ? "--secret and --api-key"
                                : tokenSecret == null ? "--secret" : "--api-key"));
                tokenSecret = tokenSecret == null ? dev.tokenSecret() : tokenSecret;
                key = key == null ? dev.apiKey() : key;
            }
        }
        return new Settings(Endpoint.webSocket(url), Endpoint.http(apiUrl), tokenSecret, key,
                protocol.type, duration, warmup, channelPrefix, sourceAddresses,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads, connectConcurrency,
                timeout * 1000, serverPid == null ? null : ServerProcess.of(serverPid), err);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
