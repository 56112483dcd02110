package io.xshathra.controlplane.security;

import java.math.BigInteger;

/**
 * Fixed-width base62 ({@code 0-9A-Za-z}) for random secrets: letters and digits only, so a key
 * is selected whole by a double click and matched by secret scanners with a simple pattern.
 */
final class Base62 {

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final BigInteger BASE = BigInteger.valueOf(62);

    private Base62() {
    }

    /** The number of characters that hold {@code bytes} bytes: ceil(8 * bytes / log2(62)). */
    static int length(int bytes) {
        return (int) Math.ceil(bytes * 8 / (Math.log(62) / Math.log(2)));
    }

    /** Encodes the bytes as an unsigned number, left-padded with {@code 0} to {@link #length}. */
    static String encode(byte[] bytes) {
        int width = length(bytes.length);
        char[] out = new char[width];
        BigInteger n = new BigInteger(1, bytes);
        for (int i = width - 1; i >= 0; i--) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            out[i] = ALPHABET[qr[1].intValue()];
            n = qr[0];
        }
        return new String(out);
    }

    static boolean isBase62(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }
}
