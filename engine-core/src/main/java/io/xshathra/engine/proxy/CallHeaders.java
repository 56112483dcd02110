package io.xshathra.engine.proxy;

import java.util.List;
import java.util.Map;

/**
 * The headers a connection can forward to a backend: {@code transport} from its HTTP request
 * (trusted as far as the network in front of the server is), {@code metadata} from its gRPC call
 * (gRPC connections only), {@code emulated} from the client's connect command (client-controlled).
 * Names are lower case; each map holds only names some proxy forwards. Each endpoint forwards its
 * own subset ({@code http_headers}, {@code grpc_metadata}, {@code emulated_headers}); transport
 * headers (or, on a gRPC connection, metadata) win over emulated ones of the same name.
 */
public record CallHeaders(Map<String, List<String>> transport, Map<String, List<String>> metadata,
                          Map<String, String> emulated) {
    public static final CallHeaders NONE = new CallHeaders(Map.of(), Map.of(), Map.of());
}
