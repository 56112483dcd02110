package io.xshathra.grpc;

import java.util.Objects;

/**
 * The unidirectional gRPC transport ({@code uni_grpc.*}).
 *
 * @param listener where it listens ({@code enabled}, {@code address}, {@code port} default 11000,
 *                 {@code max_receive_message_size}, {@code tls})
 */
public record UniGrpcSettings(GrpcListener listener) {
    public static final int DEFAULT_PORT = 11000;
    /** Not served. */
    public static final UniGrpcSettings DISABLED =
            new UniGrpcSettings(new GrpcListener(false, "127.0.0.1", DEFAULT_PORT, 0, null));

    public UniGrpcSettings {
        Objects.requireNonNull(listener, "listener");
    }

    @Override
    public String toString() {
        return "UniGrpcSettings[" + listener.enabled() + " " + listener.address() + ":" + listener.port()
                + ", tls=" + (listener.tls() != null) + "]";
    }
}
