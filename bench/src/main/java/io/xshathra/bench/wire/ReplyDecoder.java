package io.xshathra.bench.wire;

import io.netty.buffer.ByteBuf;
import io.xshathra.protocol.ProtocolType;
import java.io.IOException;

/**
 * The client side of the Centrifuge protocol: reads every reply of one incoming WebSocket frame.
 * Stateless; scratch memory is per thread, so one decoder serves every connection.
 */
public interface ReplyDecoder {

    /**
     * Decodes the readable bytes of {@code frame} (not consumed, not released).
     *
     * @throws IOException when the frame is not a valid batch of replies
     */
    void decode(ByteBuf frame, ReplyHandler handler) throws IOException;

    /** The decoder for a protocol. */
    static ReplyDecoder of(ProtocolType type) {
        return type == ProtocolType.JSON ? JsonReplyDecoder.INSTANCE : ProtobufReplyDecoder.INSTANCE;
    }
}
