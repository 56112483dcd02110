package io.xshathra.bench.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Writing JSON strings and numbers without a JSON library, for the hand-written commands. */
public final class JsonText {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private JsonText() {
    }

    /** {@code s} as a JSON string literal, quotes included. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00").append((char) HEX[c >> 4]).append((char) HEX[c & 15]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Writes {@code s} as a JSON string literal (UTF-8), taking the fast path for plain ASCII. */
    public static void writeString(ByteBuf out, String s) {
        if (isPlainAscii(s)) {
            out.writeByte('"');
            out.writeCharSequence(s, StandardCharsets.US_ASCII);
            out.writeByte('"');
        } else {
            out.writeCharSequence(quote(s), StandardCharsets.UTF_8);
        }
    }

    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Writes a non-negative decimal number into {@code dst} at {@code pos}; returns the new position. */
    public static int writeLong(byte[] dst, int pos, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        int digits = digits(value);
        int end = pos + digits;
        long v = value;
        for (int i = end - 1; i >= pos; i--) {
            dst[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        return end;
    }

    /** The number of decimal digits of a non-negative value. */
    public static int digits(long value) {
        int n = 1;
        long v = value;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }
}
