package io.xshathra.engine.delta;

/**
 * Publication data as a JSON string, the form the JSON protocol uses for every publication of a
 * delta subscription (full data and patches alike): the SDK UTF-8-encodes the string back into
 * the bytes, so the bytes must be valid UTF-8 and are kept as they are, with only {@code "},
 * {@code \} and control characters escaped.
 */
public final class JsonStringData {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private JsonStringData() {
    }

    /** The quoted, escaped JSON string holding {@code utf8}, or null when it is not valid UTF-8. */
    public static byte[] quote(byte[] utf8) {
        if (!validUtf8(utf8)) {
            return null;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(utf8.length + 16);
        out.write('"');
        for (byte b : utf8) {
            int c = b & 0xff;
            switch (c) {
                case '"' -> out.write(new byte[] {'\\', '"'}, 0, 2);
                case '\\' -> out.write(new byte[] {'\\', '\\'}, 0, 2);
                case '\n' -> out.write(new byte[] {'\\', 'n'}, 0, 2);
                case '\r' -> out.write(new byte[] {'\\', 'r'}, 0, 2);
                case '\t' -> out.write(new byte[] {'\\', 't'}, 0, 2);
                default -> {
                    if (c < 0x20) {
                        out.write(new byte[] {'\\', 'u', '0', '0', HEX[c >> 4], HEX[c & 15]}, 0, 6);
                    } else {
                        out.write(c);
                    }
                }
            }
        }
        out.write('"');
        return out.toByteArray();
    }

    /** Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
    static boolean validUtf8(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + n >= b.length) {
                return false;
            }
            int cp = c & (0x3F >> n);
            for (int k = 1; k <= n; k++) {
                int cc = b[i + k] & 0xff;
                if ((cc & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += n + 1;
        }
        return true;
    }
}
