package io.xshathra.grpc;

import java.util.Objects;

/**
 * Where and how one gRPC server listens.
 *
 * @param enabled               start the listener at all
 * @param address               interface to bind; the product binds loopback unless told otherwise
 * @param port                  TCP port; 0 = any free port (tests)
 * @param maxReceiveMessageSize largest request message in bytes; 0 = gRPC's default (4 MiB)
 * @param tls                   TLS, or null for plaintext (h2c)
 */
public record GrpcListener(boolean enabled, String address, int port, int maxReceiveMessageSize, GrpcTls tls) {
    public GrpcListener {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxReceiveMessageSize < 0) {
            throw new IllegalArgumentException("negative max_receive_message_size");
        }
    }

    /** {@code host:port} for logs. */
    String describe(int boundPort) {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + boundPort + (tls != null ? " (TLS)" : "");
    }
}
