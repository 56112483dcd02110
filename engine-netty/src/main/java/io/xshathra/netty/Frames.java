package io.xshathra.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.xshathra.protocol.ProtocolType;
import java.util.ArrayDeque;

/**
 * RFC 6455 data frames from a server, built directly in one buffer: the header (FIN set, no
 * mask, text for JSON and binary for Protobuf, 7-, 16- or 64-bit length) followed by up to
 * {@code max} encoded replies, JSON ones joined by newlines as the Centrifuge protocol allows.
 */
final class Frames {
    private static final int FIN_TEXT = 0x81;
    private static final int FIN_BINARY = 0x82;

    private Frames() {
    }

    /** Takes up to {@code max} replies off {@code pending} (at least one must be there). */
    static ByteBuf dataFrame(ByteBufAllocator alloc, ProtocolType protocol, ArrayDeque<byte[]> pending, int max) {
        boolean json = protocol == ProtocolType.JSON;
        int separator = json ? 1 : 0;
        int n = Math.min(max, pending.size());
        long payload = -separator;
        int i = 0;
        for (byte[] b : pending) {
            if (i++ == n) {
                break;
            }
            payload += b.length + separator;
        }
        int header = payload <= 125 ? 2 : payload <= 0xFFFF ? 4 : 10;
        ByteBuf buf = alloc.directBuffer((int) (header + payload));
        buf.writeByte(json ? FIN_TEXT : FIN_BINARY);
        if (payload <= 125) {
            buf.writeByte((int) payload);
        } else if (payload <= 0xFFFF) {
            buf.writeByte(126);
            buf.writeShort((int) payload);
        } else {
            buf.writeByte(127);
            buf.writeLong(payload);
        }
        for (i = 0; i < n; i++) {
            if (i > 0 && json) {
                buf.writeByte('\n');
            }
            buf.writeBytes(pending.poll());
        }
        return buf;
    }
}
