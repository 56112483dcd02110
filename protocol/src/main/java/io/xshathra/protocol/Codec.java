package io.xshathra.protocol;

import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.Reply;
import java.util.List;

/**
 * Turns one incoming WebSocket message (a frame: a batch of commands) into commands, and one
 * reply into the bytes it occupies inside an outgoing frame. Stateless and thread-safe.
 *
 * <p>Outgoing frames are built by concatenating encoded replies; JSON needs one {@code '\n'}
 * between two replies ({@link #separator()}), Protobuf none (each reply is length-prefixed).
 */
public interface Codec {

    /** The protocol this codec speaks. */
    ProtocolType type();

    /**
     * Decodes every command of one frame, in order.
     *
     * @throws ProtocolException with disconnect 3501 for an empty or undecodable frame
     */
    List<Command> decodeCommands(byte[] frame) throws ProtocolException;

    /**
     * Encodes one reply as it appears inside a frame (Protobuf: with its varint length prefix).
     *
     * @throws ProtocolException with disconnect 3506 when a payload is not representable
     *                           (non-JSON bytes on a JSON connection)
     */
    byte[] encodeReply(Reply reply) throws ProtocolException;

    /** Byte written between two encoded replies of one frame, or -1 for none. */
    int separator();

    /** The codec for a protocol. */
    static Codec of(ProtocolType type) {
        return type == ProtocolType.JSON ? io.xshathra.protocol.json.JsonCodec.INSTANCE
                : ProtobufCodec.INSTANCE;
    }
}
