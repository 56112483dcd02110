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

    @Option(names = "--url", paramLabel = "WS_URL", defaultValue = "ws://127.0.0.1:8000/connection/websocket",
            description = "Client WebSocket URL (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--api-url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8000/api",
            description = "Server HTTP API base; methods are appended, e.g. /publish (default: ${DEFAULT-VALUE}).")
    String apiUrl;

    @Option(names = "--secret", paramLabel = "SECRET",
            description = "HS256 secret (client.token.hmac_secret_key) the bench signs connection tokens with;"
                    + " without it connections carry no token.")
    String secret;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Server API key (http_api.key), sent as X-API-Key.")
    String apiKey;

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

    @Option(names = "--channel-prefix", paramLabel = "PREFIX", defaultValue = "bench:",
            description = "Prefix of every channel name, usually a namespace and ':'. The server needs that"
                    + " namespace with allow_subscribe_for_client (default: ${DEFAULT-VALUE}).")
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
        return new Settings(Endpoint.webSocket(url), Endpoint.http(apiUrl), blankToNull(secret), blankToNull(apiKey),
                protocol.type, duration, warmup, channelPrefix, sourceAddresses,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads, connectConcurrency,
                timeout * 1000, serverPid == null ? null : ServerProcess.of(serverPid), err);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
