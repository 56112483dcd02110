package io.xshathra.bench.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * The publication payload the bench sends and recognises: a JSON object
 * {@code {"c":CHANNEL,"s":SEQUENCE,"t":SENT_NANOS,"p":"xxxx"}} padded with {@code p} to a fixed
 * size. {@code t} is {@link #now()} at the moment the payload is built, so publish-to-delivery
 * latency is measured inside one process with one monotonic clock.
 */
public final class Payload {
    /** Bytes of the fixed part, without the three numbers. */
    private static final int OVERHEAD = "{\"c\":,\"s\":,\"t\":,\"p\":\"\"}".length();
    private static final byte[] C = "{\"c\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] S = ",\"s\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] T = ",\"t\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] P = ",\"p\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final long BASE = System.nanoTime();
    private static final JsonFactory JSON = new JsonFactory();

    private Payload() {
    }

    /** Monotonic nanoseconds since this class was loaded; never negative. */
    public static long now() {
        return System.nanoTime() - BASE;
    }

    /** The smallest payload this format can produce (all numbers one digit). */
    public static int minimumBytes() {
        return OVERHEAD + 3;
    }

    /** A buffer large enough for any payload of nominal size {@code size}. */
    public static byte[] buffer(int size) {
        return new byte[Math.max(size, minimumBytes()) + 64];
    }

    /**
     * Writes one payload into {@code dst} from index 0, padded to {@code size} bytes when the
     * numbers leave room (longer otherwise).
     *
     * @return the payload length
     */
    public static int write(byte[] dst, int size, int channel, long seq, long sentNanos) {
        int pos = put(dst, 0, C);
        pos = JsonText.writeLong(dst, pos, channel);
        pos = put(dst, pos, S);
        pos = JsonText.writeLong(dst, pos, seq);
        pos = put(dst, pos, T);
        pos = JsonText.writeLong(dst, pos, sentNanos);
        pos = put(dst, pos, P);
        int pad = Math.max(0, size - pos - 2);
        Arrays.fill(dst, pos, pos + pad, (byte) 'x');
        pos += pad;
        dst[pos++] = '"';
        dst[pos++] = '}';
        return pos;
    }

    private static int put(byte[] dst, int pos, byte[] src) {
        System.arraycopy(src, 0, dst, pos, src.length);
        return pos + src.length;
    }

    /** Reads a payload from raw bytes (Protobuf publications carry the JSON bytes as-is). */
    public static boolean read(byte[] src, int off, int len, Fields out) throws IOException {
        try (JsonParser p = JSON.createParser(src, off, len)) {
            return p.nextToken() == JsonToken.START_OBJECT && read(p, out);
        }
    }

    /**
     * Reads the payload object the parser is positioned on ({@code START_OBJECT}), leaving the
     * parser on its {@code END_OBJECT}. Unknown fields are skipped; the padding is never decoded.
     *
     * @return whether {@code c}, {@code s} and {@code t} were all present
     */
    public static boolean read(JsonParser p, Fields out) throws IOException {
        out.clear();
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_NUMBER_INT && name.length() == 1) {
                switch (name.charAt(0)) {
                    case 'c' -> { out.channel = p.getIntValue(); seen |= 1; }
                    case 's' -> { out.seq = p.getLongValue(); seen |= 2; }
                    case 't' -> { out.sentNanos = p.getLongValue(); seen |= 4; }
                    default -> { }
                }
            } else {
                p.skipChildren();
            }
        }
        return seen == 7;
    }

    /** The three numbers of a payload; a mutable holder reused by one decoder. */
    public static final class Fields {
        public int channel;
        public long seq;
        public long sentNanos;

        void clear() {
            channel = -1;
            seq = -1;
            sentNanos = -1;
        }
    }
}
