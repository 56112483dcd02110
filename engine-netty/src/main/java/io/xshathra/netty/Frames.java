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
    private static final int FIN_PING = 0x89;
    /** The longest frame header: two bytes and a 64-bit length. */
    private static final int MAX_HEADER = 10;
    /** An empty Ping frame's length. */
    static final int PING_BYTES = 2;

    private Frames() {
    }

    /** Takes up to {@code max} replies off {@code pending} (at least one must be there). */
    static ByteBuf dataFrame(ByteBufAllocator alloc, ProtocolType protocol, ArrayDeque<byte[]> pending, int max) {
        int n = Math.min(max, pending.size());
        long payload = payload(protocol, pending, n);
        ByteBuf buf = alloc.directBuffer((int) (header(payload) + payload));
        write(buf, protocol, pending, n, payload);
        return buf;
    }

    /**
     * Frames everything in {@code pending}, up to {@code max} replies per frame, into {@code out},
     * when it fits in {@code out}'s writable bytes less {@code reserve}; otherwise takes nothing
     * and returns false.
     */
    static boolean allFrames(ByteBuf out, ProtocolType protocol, ArrayDeque<byte[]> pending, int max, int reserve) {
        long room = out.writableBytes() - reserve;
        // An upper bound: every reply with a separator, every frame with the longest header.
        long bound = (long) MAX_HEADER * ((pending.size() + max - 1) / max);
        for (byte[] b : pending) {
            bound += b.length + 1;
            if (bound > room) {
                return false;
            }
        }
        while (!pending.isEmpty()) {
            int n = Math.min(max, pending.size());
            write(out, protocol, pending, n, payload(protocol, pending, n));
        }
        return true;
    }

    /** An empty Ping frame. */
    static void ping(ByteBuf out) {
        out.writeByte(FIN_PING);
        out.writeByte(0);
    }

    private static long payload(ProtocolType protocol, ArrayDeque<byte[]> pending, int n) {
        int separator = protocol == ProtocolType.JSON ? 1 : 0;
        long payload = -separator;
        int i = 0;
        for (byte[] b : pending) {
            if (i++ == n) {
                break;
            }
            payload += b.length + separator;
        }
        return payload;
    }

    private static int header(long payload) {
        return payload <= 125 ? 2 : payload <= 0xFFFF ? 4 : MAX_HEADER;
    }

    /** Takes {@code n} replies off {@code pending}, {@code payload} bytes framed, into {@code buf}. */
    private static void write(ByteBuf buf, ProtocolType protocol, ArrayDeque<byte[]> pending, int n, long payload) {
        boolean json = protocol == ProtocolType.JSON;
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
        for (int i = 0; i < n; i++) {
            if (i > 0 && json) {
                buf.writeByte('\n');
            }
            buf.writeBytes(pending.poll());
        }
    }
}
