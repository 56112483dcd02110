package io.xshathra.protocol.json;

import com.google.protobuf.ByteString;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that writes compact JSON straight as UTF-8 bytes, without intermediate
 * strings. Not thread-safe: {@link JsonCodec} keeps one per thread and resets it per reply.
 *
 * <p>Commas are placed by looking at the last byte written: inside an object or array, the
 * previous byte is {@code '{'} or {@code '['} exactly when nothing has been written into it yet
 * (every JSON value ends with another byte), so callers need no per-level state.
 */
final class JsonWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Escape for ASCII control and special characters; 0 = write as-is, 'u' = \\u00XX. */
    private static final byte[] ESCAPE = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPE[c] = 'u';
        }
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
        ESCAPE['\n'] = 'n';
        ESCAPE['\r'] = 'r';
        ESCAPE['\t'] = 't';
        ESCAPE['\b'] = 'b';
        ESCAPE['\f'] = 'f';
    }

    private byte[] buf;
    private int size;

    JsonWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** The bytes of a field name with quotes and colon, e.g. {@code "id":}, for {@link #name}. */
    static byte[] key(String name) {
        return ('"' + name + "\":").getBytes(StandardCharsets.UTF_8);
    }

    void reset() {
        size = 0;
    }

    int capacity() {
        return buf.length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int extra) {
        int needed = size + extra;
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
        }
    }

    void beginObject() {
        ensure(1);
        buf[size++] = '{';
    }

    void endObject() {
        ensure(1);
        buf[size++] = '}';
    }

    void beginArray() {
        comma();
        ensure(1);
        buf[size++] = '[';
    }

    void endArray() {
        ensure(1);
        buf[size++] = ']';
    }

    /**
     * Writes a comma unless this is the first member or element of the enclosing container, or
     * the value directly follows its member name.
     */
    void comma() {
        if (size > 0) {
            byte last = buf[size - 1];
            if (last != '{' && last != '[' && last != ':') {
                ensure(1);
                buf[size++] = ',';
            }
        }
    }

    /** Starts an object member: separator plus a key made by {@link #key(String)}. */
    void name(byte[] key) {
        comma();
        ensure(key.length);
        System.arraycopy(key, 0, buf, size, key.length);
        size += key.length;
    }

    /** Starts an object member whose name is only known at run time (a map key). */
    void name(String key) {
        comma();
        string(key);
        ensure(1);
        buf[size++] = ':';
    }

    // Members following the omit-empty rule: nothing is written for "", 0, false or no bytes.

    void optString(byte[] key, String value) {
        if (!value.isEmpty()) {
            name(key);
            string(value);
        }
    }

    void optBool(byte[] key, boolean value) {
        if (value) {
            name(key);
            bool(true);
        }
    }

    void optUint32(byte[] key, int value) {
        if (value != 0) {
            name(key);
            unsignedNumber(value);
        }
    }

    void optUint64(byte[] key, long value) {
        if (value != 0) {
            name(key);
            unsignedNumber(value);
        }
    }

    void optInt64(byte[] key, long value) {
        if (value != 0) {
            name(key);
            number(value);
        }
    }

    void optRaw(byte[] key, ByteString value) throws ProtocolException {
        if (!value.isEmpty()) {
            name(key);
            rawJson(value);
        }
    }

    void bool(boolean value) {
        ensure(5);
        if (value) {
            buf[size++] = 't';
            buf[size++] = 'r';
            buf[size++] = 'u';
            buf[size++] = 'e';
        } else {
            buf[size++] = 'f';
            buf[size++] = 'a';
            buf[size++] = 'l';
            buf[size++] = 's';
            buf[size++] = 'e';
        }
    }

    /** Writes a signed 64-bit number. */
    void number(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                ascii("-9223372036854775808");
                return;
            }
            ensure(1);
            buf[size++] = '-';
            value = -value;
        }
        digits(value);
    }

    /** Writes a protobuf {@code uint64} (the Java long's bits read as unsigned). */
    void unsignedNumber(long value) {
        if (value < 0) {
            ascii(Long.toUnsignedString(value));
        } else {
            digits(value);
        }
    }

    /** Writes a protobuf {@code uint32} (the Java int's bits read as unsigned). */
    void unsignedNumber(int value) {
        digits(Integer.toUnsignedLong(value));
    }

    private void digits(long value) {
        int len = 1;
        for (long v = value; v >= 10; v /= 10) {
            len++;
        }
        ensure(len);
        int p = size + len;
        do {
            buf[--p] = (byte) ('0' + (int) (value % 10));
            value /= 10;
        } while (value != 0);
        size += len;
    }

    private void ascii(String s) {
        int len = s.length();
        ensure(len);
        for (int i = 0; i < len; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    /**
     * Writes a JSON string: quotes, backslash and control characters are escaped, U+2028/U+2029
     * too (they break JavaScript embedding); other characters are written as UTF-8. An unpaired
     * surrogate, which has no UTF-8 form, is written as U+FFFD.
     */
    void string(String s) {
        int len = s.length();
        ensure(len + 2);
        buf[size++] = '"';
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte esc = ESCAPE[c];
                if (esc == 0) {
                    ensure(1);
                    buf[size++] = (byte) c;
                } else {
                    escape(c, esc);
                }
            } else {
                i = nonAscii(s, i, c);
            }
        }
        ensure(1);
        buf[size++] = '"';
    }

    private void escape(char c, byte esc) {
        if (esc == 'u') {
            unicodeEscape(c);
        } else {
            ensure(2);
            buf[size++] = '\\';
            buf[size++] = esc;
        }
    }

    private void unicodeEscape(char c) {
        ensure(6);
        buf[size++] = '\\';
        buf[size++] = 'u';
        buf[size++] = HEX[(c >> 12) & 0xF];
        buf[size++] = HEX[(c >> 8) & 0xF];
        buf[size++] = HEX[(c >> 4) & 0xF];
        buf[size++] = HEX[c & 0xF];
    }

    /** Writes the non-ASCII char at {@code i}; returns the index of the last char consumed. */
    private int nonAscii(String s, int i, char c) {
        ensure(4);
        if (c < 0x800) {
            buf[size++] = (byte) (0xC0 | (c >> 6));
            buf[size++] = (byte) (0x80 | (c & 0x3F));
        } else if (c == '\u2028' || c == '\u2029') {
            unicodeEscape(c);
        } else if (!Character.isSurrogate(c)) {
            buf[size++] = (byte) (0xE0 | (c >> 12));
            buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            buf[size++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            buf[size++] = (byte) (0xF0 | (cp >> 18));
            buf[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            buf[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            buf[size++] = (byte) (0x80 | (cp & 0x3F));
            return i + 1;
        } else {
            buf[size++] = (byte) 0xEF;
            buf[size++] = (byte) 0xBF;
            buf[size++] = (byte) 0xBD;
        }
        return i;
    }

    /**
     * Embeds {@code value} as raw JSON with every {@code '\n'} byte removed (valid JSON can hold
     * a raw newline only as insignificant whitespace, and newlines delimit frame messages).
     *
     * @throws ProtocolException 3506 when the bytes are not exactly one valid UTF-8 JSON value
     */
    void rawJson(ByteString value) throws ProtocolException {
        int len = value.size();
        ensure(len);
        int start = size;
        value.copyTo(buf, 0, start, len);
        int end = start + len;
        if (!JsonReader.isValidValue(buf, start, end)) {
            throw new ProtocolException(Disconnect.INAPPROPRIATE_PROTOCOL,
                    "payload of " + len + " bytes is not valid JSON");
        }
        int out = start;
        for (int i = start; i < end; i++) {
            byte b = buf[i];
            if (b != '\n') {
                buf[out++] = b;
            }
        }
        size = out;
    }
}
