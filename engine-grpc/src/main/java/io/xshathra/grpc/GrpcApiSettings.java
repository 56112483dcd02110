package io.xshathra.grpc;

import java.util.Objects;

/**
 * The server API over gRPC ({@code grpc_api.*}).
 *
 * @param listener           where it listens ({@code enabled}, {@code address}, {@code port} default
 *                           10000, {@code max_receive_message_size}, {@code tls})
 * @param key                the key calls must present as {@code authorization: apikey <key>}; empty
 *                           for none (every call is served)
 * @param reflection         serve gRPC server reflection (for grpcurl and similar tools)
 * @param transportErrorMode answer API errors with gRPC statuses instead of the {@code error} field
 *                           ({@code error_mode: transport})
 */
public record GrpcApiSettings(GrpcListener listener, String key, boolean reflection, boolean transportErrorMode) {
    public static final int DEFAULT_PORT = 10000;
    /** Not served. */
    public static final GrpcApiSettings DISABLED =
            new GrpcApiSettings(new GrpcListener(false, "127.0.0.1", DEFAULT_PORT, 0, null), "", false, false);

    public GrpcApiSettings {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
        return "GrpcApiSettings[" + listener.enabled() + " " + listener.address() + ":" + listener.port()
                + ", key=" + (key.isEmpty() ? "(none)" : "(set)") + ", tls=" + (listener.tls() != null)
                + ", reflection=" + reflection + ", transportErrorMode=" + transportErrorMode + "]";
    }
}
