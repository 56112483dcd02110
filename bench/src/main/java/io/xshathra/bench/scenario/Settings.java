package io.xshathra.bench.scenario;

import io.xshathra.bench.host.ServerProcess;
import io.xshathra.bench.net.Endpoint;
import io.xshathra.protocol.ProtocolType;
import java.io.PrintWriter;

/**
 * What every scenario is given: where the server is, how to talk to it, and how long to run.
 *
 * @param ws                 the client WebSocket endpoint
 * @param api                the server API base (methods are appended)
 * @param secret             HS256 secret for connection tokens, or null to connect without one
 * @param apiKey             server API key, or null
 * @param protocol           client protocol
 * @param durationSeconds    length of the measured part
 * @param warmupSeconds      unmeasured time before it
 * @param channelPrefix      prepended to every channel name (namespace and boundary)
 * @param sourceAddresses    loopback source addresses to spread sockets over
 * @param threads            client event loop threads
 * @param connectConcurrency handshakes in flight while opening connections
 * @param timeoutMillis      bound on each connect, handshake and reply
 * @param server             the server process to sample, or null
 * @param err                where progress goes
 */
public record Settings(Endpoint ws, Endpoint api, String secret, String apiKey, ProtocolType protocol,
                       int durationSeconds, int warmupSeconds, String channelPrefix, int sourceAddresses,
                       int threads, int connectConcurrency, int timeoutMillis, ServerProcess server,
                       PrintWriter err) {
}
