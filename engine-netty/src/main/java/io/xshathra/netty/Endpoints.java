package io.xshathra.netty;

import io.xshathra.engine.Node;
import io.xshathra.engine.emulation.EmulationRouter;
import io.xshathra.engine.emulation.LocalEmulationRouter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the path → endpoint table and the emulation route from {@link TransportSettings}. */
final class Endpoints {
    private Endpoints() {
    }

    static Map<String, ConnectionEndpoint> of(Node node, TransportSettings t, LocalEmulationRouter sessions) {
        Map<String, ConnectionEndpoint> m = new HashMap<>();
        ConnectionAdmission.RateBucket rate = ConnectionAdmission.RateBucket.of(
                node.config().client().connectionRateLimit());
        put(m, t.websocketPaths(), new WebSocketEndpoint(node, WebSocketTransport.Mode.BIDIRECTIONAL, t.compression()));
        TransportSettings.UniWebSocket uni = t.uniWebsocket();
        if (uni.enabled()) {
            put(m, uni.paths(), new WebSocketEndpoint(node,
                    new WebSocketTransport.Mode(true, uni.joinPushMessages(), !uni.disableDisconnectPush()),
                    t.compression()));
        }
        stream(m, node, t.httpStream(), StreamEndpoint.Type.HTTP_STREAM, sessions);
        stream(m, node, t.sse(), StreamEndpoint.Type.SSE, sessions);
        stream(m, node, t.uniSse(), StreamEndpoint.Type.UNI_SSE, sessions);
        stream(m, node, t.uniHttpStream(), StreamEndpoint.Type.UNI_HTTP_STREAM, sessions);
        // One bucket for all endpoints: the rate is the node's, whatever the transport.
        m.replaceAll((path, e) -> ConnectionAdmission.wrap(e, node, rate));
        return Map.copyOf(m);
    }

    /** The emulation route (when an emulation transport is on) ahead of the given routes. */
    static List<HttpRoute> routes(Node node, TransportSettings t, EmulationRouter emulation, List<HttpRoute> routes) {
        List<HttpRoute> all = new ArrayList<>();
        if (t.emulationEnabled()) {
            all.add(new EmulationRoute(t.emulation().paths(), emulation, t.emulation().maxRequestBodySize(),
                    node.config().client().allowedOrigins()));
        }
        all.addAll(routes);
        return List.copyOf(all);
    }

    private static void stream(Map<String, ConnectionEndpoint> m, Node node, TransportSettings.Endpoint e,
                               StreamEndpoint.Type type, LocalEmulationRouter sessions) {
        if (e.enabled()) {
            put(m, e.paths(), new StreamEndpoint(node, type, e.maxRequestBodySize(), sessions));
        }
    }

    private static void put(Map<String, ConnectionEndpoint> m, Set<String> paths, ConnectionEndpoint e) {
        for (String p : paths) {
            if (m.putIfAbsent(p, e) != null) {
                throw new IllegalArgumentException("two connection endpoints on " + p);
            }
        }
    }
}
