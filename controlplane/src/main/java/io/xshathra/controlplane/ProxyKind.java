package io.xshathra.controlplane;

/**
 * The engine events a project's backend can decide on, each through its own endpoint. The
 * request and reply bodies are those of Centrifugo's HTTP proxies of the same name, so a backend
 * written for Centrifugo works unchanged (see {@code docs/proxies.md}).
 */
public enum ProxyKind {
    /** A client connects without a connection token: the backend names the user. */
    CONNECT("connect"),
    /** A connection the backend let in is about to expire: the backend extends it. */
    REFRESH("refresh"),
    /** A client subscribes without a subscription token (not to a private or user-limited channel). */
    SUBSCRIBE("subscribe"),
    /** A client publishes. */
    PUBLISH("publish"),
    /** A subscription the backend let in is about to expire: the backend extends it. */
    SUB_REFRESH("sub_refresh"),
    /** A client calls {@code rpc}: the backend answers it. */
    RPC("rpc");

    private final String id;

    ProxyKind(String id) {
        this.id = id;
    }

    /** The name used in forms, the command line and JSON. */
    public String id() {
        return id;
    }

    /** The kind with this {@link #id()}, or {@code INVALID_ARGUMENT}. */
    public static ProxyKind of(String id) {
        for (ProxyKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new ControlPlaneException(ControlPlaneException.Reason.INVALID_ARGUMENT,
                "kind must be one of connect, refresh, subscribe, publish, sub_refresh, rpc");
    }
}
