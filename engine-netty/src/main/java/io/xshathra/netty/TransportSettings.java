package io.xshathra.netty;

import java.util.Set;

/**
 * Which client connection endpoints are served, where, and with which limits. Paths are full
 * paths (the launcher mounts each endpoint under {@code /realtime} and bare). Built once at
 * startup from the {@code websocket}, {@code http_stream}, {@code sse}, {@code emulation},
 * {@code uni_websocket}, {@code uni_sse} and {@code uni_http_stream} sections.
 *
 * @param websocketPaths bidirectional WebSocket (empty: disabled)
 * @param compression    permessage-deflate for both WebSocket endpoints
 * @param httpStream     bidirectional HTTP-streaming emulation
 * @param sse            bidirectional SSE emulation
 * @param emulation      the emulation command endpoint (served when either emulation transport is)
 * @param uniWebsocket   unidirectional WebSocket
 * @param uniSse         unidirectional SSE
 * @param uniHttpStream  unidirectional HTTP-streaming
 */
public record TransportSettings(
        Set<String> websocketPaths,
        Compression compression,
        Endpoint httpStream,
        Endpoint sse,
        Endpoint emulation,
        UniWebSocket uniWebsocket,
        Endpoint uniSse,
        Endpoint uniHttpStream) {

    /** Default request body limit of the HTTP connection endpoints, in bytes. */
    public static final int DEFAULT_MAX_BODY = 65536;

    public TransportSettings {
        websocketPaths = Set.copyOf(websocketPaths);
    }

    /**
     * One HTTP endpoint.
     *
     * @param enabled            served at all
     * @param paths              where
     * @param maxRequestBodySize larger bodies are refused with 413
     */
    public record Endpoint(boolean enabled, Set<String> paths, int maxRequestBodySize) {
        public Endpoint {
            paths = Set.copyOf(paths);
        }

        /** A switched-off endpoint. */
        public static Endpoint off() {
            return new Endpoint(false, Set.of(), DEFAULT_MAX_BODY);
        }
    }

    /**
     * {@code websocket.compression*}: permessage-deflate, negotiated only with clients that offer
     * it; connections that do not negotiate it carry no compressor.
     *
     * @param enabled whether the server accepts the extension
     * @param level   deflate level 1..9
     * @param minSize outgoing messages smaller than this many bytes are sent uncompressed
     */
    public record Compression(boolean enabled, int level, int minSize) {
        public static Compression off() {
            return new Compression(false, 1, 0);
        }
    }

    /**
     * {@code uni_websocket.*}.
     *
     * @param enabled               served at all
     * @param paths                 where
     * @param joinPushMessages      several pushes of one turn share a frame, newline-joined
     * @param disableDisconnectPush close with the close frame only, without a {@code disconnect} push
     */
    public record UniWebSocket(boolean enabled, Set<String> paths, boolean joinPushMessages,
                               boolean disableDisconnectPush) {
        public UniWebSocket {
            paths = Set.copyOf(paths);
        }

        public static UniWebSocket off() {
            return new UniWebSocket(false, Set.of(), false, false);
        }
    }

    /**
     * Centrifugo's defaults: the WebSocket on, every other transport off at its default path, the
     * emulation endpoint at {@code /emulation} (served once an emulation transport is on).
     */
    public static TransportSettings defaults() {
        return new TransportSettings(Set.of("/connection/websocket"), Compression.off(),
                new Endpoint(false, Set.of("/connection/http_stream"), DEFAULT_MAX_BODY),
                new Endpoint(false, Set.of("/connection/sse"), DEFAULT_MAX_BODY),
                new Endpoint(true, Set.of("/emulation"), DEFAULT_MAX_BODY),
                new UniWebSocket(false, Set.of("/connection/uni_websocket"), false, false),
                new Endpoint(false, Set.of("/connection/uni_sse"), DEFAULT_MAX_BODY),
                new Endpoint(false, Set.of("/connection/uni_http_stream"), DEFAULT_MAX_BODY));
    }

    /** Only the bidirectional WebSocket, at the given paths. */
    public static TransportSettings websocketOnly(Set<String> websocketPaths) {
        return new TransportSettings(websocketPaths, Compression.off(), Endpoint.off(), Endpoint.off(),
                Endpoint.off(), UniWebSocket.off(), Endpoint.off(), Endpoint.off());
    }

    /** The same settings with every endpoint path replaced by the paths {@code mount} gives for it. */
    public TransportSettings mount(java.util.function.Function<String, Set<String>> mount) {
        java.util.function.Function<Set<String>, Set<String>> all = ps -> {
            Set<String> out = new java.util.LinkedHashSet<>();
            ps.forEach(p -> out.addAll(mount.apply(p)));
            return out;
        };
        java.util.function.UnaryOperator<Endpoint> ep = e -> new Endpoint(e.enabled(), all.apply(e.paths()),
                e.maxRequestBodySize());
        return new TransportSettings(all.apply(websocketPaths), compression, ep.apply(httpStream), ep.apply(sse),
                ep.apply(emulation), new UniWebSocket(uniWebsocket.enabled(), all.apply(uniWebsocket.paths()),
                uniWebsocket.joinPushMessages(), uniWebsocket.disableDisconnectPush()),
                ep.apply(uniSse), ep.apply(uniHttpStream));
    }

    /** Whether the emulation endpoint is needed. */
    public boolean emulationEnabled() {
        return httpStream.enabled() || sse.enabled();
    }
}
