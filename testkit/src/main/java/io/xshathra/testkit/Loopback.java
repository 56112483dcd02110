package io.xshathra.testkit;

/**
 * The addresses of a server under test, which always listens on 127.0.0.1: its default
 * bidirectional WebSocket endpoint, its server API base and any other path.
 */
public final class Loopback {
    /** The default bidirectional WebSocket path. */
    public static final String WEBSOCKET_PATH = "/realtime/connection/websocket";
    /** The default server API path; a method name follows. */
    public static final String API_PATH = "/realtime/api";

    private Loopback() {
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public static String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The bidirectional WebSocket endpoint (JSON unless a subprotocol or query says otherwise). */
    public static String wsUrl(int port) {
        return "ws://127.0.0.1:" + port + WEBSOCKET_PATH;
    }

    /** The server API base; a method name follows. */
    public static String apiUrl(int port) {
        return url(port, API_PATH);
    }
}
