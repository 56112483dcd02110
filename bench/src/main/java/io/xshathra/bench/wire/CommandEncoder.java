package io.xshathra.bench.wire;

import io.netty.buffer.ByteBuf;
import io.xshathra.protocol.ProtocolType;

/**
 * The client side of the Centrifuge protocol: writes commands into an outgoing WebSocket frame.
 * Several commands may share one frame; call {@link #separator} between two of them.
 * Stateless and thread-safe.
 */
public interface CommandEncoder {

    /** Whether frames are binary (Protobuf) rather than text (JSON). */
    boolean binary();

    /** {@code connect} with an optional token ({@code null}: none) and a client name. */
    void connect(ByteBuf out, int id, String token, String name);

    /** {@code subscribe} to one channel, nothing else requested. */
    void subscribe(ByteBuf out, int id, String channel);

    /** {@code publish}: {@code data[0, length)} must be a JSON value (it is embedded raw in JSON). */
    void publish(ByteBuf out, int id, String channel, byte[] data, int length);

    /** The pong answering a server ping: an empty command. */
    void pong(ByteBuf out);

    /** What goes between two commands of one frame. */
    void separator(ByteBuf out);

    /** The encoder for a protocol. */
    static CommandEncoder of(ProtocolType type) {
        return type == ProtocolType.JSON ? JsonCommandEncoder.INSTANCE : ProtobufCommandEncoder.INSTANCE;
    }
}
