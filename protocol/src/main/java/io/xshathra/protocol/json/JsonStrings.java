package io.xshathra.protocol.json;

import java.nio.charset.StandardCharsets;

/** Byte-level helpers for JSON string content: UTF-8 well-formedness and escape decoding. */
final class JsonStrings {
    private JsonStrings() {
    }

    /**
     * Length of the well-formed multi-byte UTF-8 sequence at {@code pos} (lead byte >= 0x80), or
     * -1 when it is malformed, truncated, overlong, a surrogate or above U+10FFFF (RFC 3629).
     */
    static int utf8SequenceLength(byte[] buf, int pos, int end) {
        int lead = buf[pos] & 0xFF;
        int count;
        int min2 = 0x80;
        int max2 = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            count = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            count = 2;
            min2 = lead == 0xE0 ? 0xA0 : 0x80;
            max2 = lead == 0xED ? 0x9F : 0xBF;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            count = 3;
            min2 = lead == 0xF0 ? 0x90 : 0x80;
            max2 = lead == 0xF4 ? 0x8F : 0xBF;
        } else {
            return -1;
        }
        if (end - pos <= count) {
            return -1;
        }
        int second = buf[pos + 1] & 0xFF;
        if (second < min2 || second > max2) {
            return -1;
        }
        for (int i = 2; i <= count; i++) {
            if ((buf[pos + i] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return count + 1;
    }

    /** Decodes the content of a string already validated by the scanner (escapes included). */
    static String unescape(byte[] buf, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        int run = from;
        int i = from;
        while (i < to) {
            if (buf[i] != '\\') {
                i++;
                continue;
            }
            sb.append(new String(buf, run, i - run, StandardCharsets.UTF_8));
            byte e = buf[i + 1];
            switch (e) {
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append((char) Integer.parseInt(
                        new String(buf, i + 2, 4, StandardCharsets.US_ASCII), 16));
                default -> sb.append((char) e); // '"', '\\' and '/'
            }
            i += e == 'u' ? 6 : 2;
            run = i;
        }
        sb.append(new String(buf, run, to - run, StandardCharsets.UTF_8));
        return sb.toString();
    }
}
