package io.xshathra.netty;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * How the HTTP streaming transports put messages on the wire. Every message is complete on
 * its own, so any number of them may share one chunk.
 */
enum StreamFraming {
    /** HTTP-streaming, JSON: each message followed by a newline (the last one too). */
    JSON_LINES,
    /** HTTP-streaming, Protobuf: each message already carries its varint length prefix. */
    PROTOBUF,
    /** Server-sent events: {@code data: <json>} and a blank line per message. */
    SSE;

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PUSH_PREFIX = "{\"push\":".getBytes(StandardCharsets.US_ASCII);

    /** Bytes one message of {@code length} bytes occupies. */
    int framedLength(int length) {
        return switch (this) {
            case JSON_LINES -> length + 1;
            case PROTOBUF -> length;
            case SSE -> DATA.length + length + 2;
        };
    }

    /** Appends one framed message. */
    void append(ByteBuf out, byte[] message, int offset, int length) {
        switch (this) {
            case JSON_LINES -> {
                out.writeBytes(message, offset, length);
                out.writeByte('\n');
            }
            case PROTOBUF -> out.writeBytes(message, offset, length);
            case SSE -> {
                out.writeBytes(DATA);
                out.writeBytes(message, offset, length);
                out.writeByte('\n');
                out.writeByte('\n');
            }
        }
    }

    /**
     * The bare push inside an encoded JSON reply, as unidirectional transports send it:
     * {@code {"push":X}} becomes X; a ping ({@code {}}) stays {@code {}}. Returns {offset, length}.
     */
    static int[] unwrapPush(byte[] reply) {
        if (reply.length > PUSH_PREFIX.length + 1 && startsWith(reply, PUSH_PREFIX) && reply[reply.length - 1] == '}') {
            return new int[] {PUSH_PREFIX.length, reply.length - PUSH_PREFIX.length - 1};
        }
        return new int[] {0, reply.length};
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
