package io.xshathra.protocol.json;

import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A strict pull scanner over one JSON text held in a byte range (RFC 8259: no comments, no
 * trailing commas, no leading zeros, strings must be valid UTF-8 without raw control
 * characters). Every failure is a {@link ProtocolException} with disconnect 3501; nothing else
 * is thrown. Skipping is iterative, so nesting depth is bounded only by the input size.
 *
 * <p>Objects are walked as {@code for (boolean more = r.beginObject(); more; more =
 * r.nextMember()) { String name = r.memberName(); ... }}; arrays the same way with
 * {@link #beginArray()} and {@link #nextElement()}.
 */
final class JsonReader {
    /** Content flags returned by {@link #skipString()}. */
    private static final int ESCAPED = 1;
    private static final int NON_ASCII = 2;

    private final byte[] buf;
    private final int end;
    private int pos;
    /** Open containers while skipping: true = object, false = array. Allocated on demand. */
    private boolean[] stack;

    JsonReader(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
    }

    /** Whether {@code [from, to)} holds exactly one JSON value, with optional whitespace around. */
    static boolean isValidValue(byte[] buf, int from, int to) {
        JsonReader r = new JsonReader(buf, from, to);
        try {
            r.skipValue();
            return r.atEnd();
        } catch (ProtocolException e) {
            return false;
        }
    }

    int position() {
        return pos;
    }

    ProtocolException error(String what) {
        return new ProtocolException(Disconnect.BAD_REQUEST, what + " at offset " + pos);
    }

    /** Skips whitespace; whether the input is then exhausted. */
    boolean atEnd() {
        skipWhitespace();
        return pos >= end;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte b = buf[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    /** Skips whitespace and returns the next byte without consuming it. */
    byte peek() throws ProtocolException {
        skipWhitespace();
        if (pos >= end) {
            throw error("unexpected end of JSON");
        }
        return buf[pos];
    }

    private void expect(char c) throws ProtocolException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** Consumes a {@code null} literal if one comes next. */
    boolean tryNull() throws ProtocolException {
        if (peek() != 'n') {
            return false;
        }
        literal("null");
        return true;
    }

    private void literal(String word) throws ProtocolException {
        int len = word.length();
        if (end - pos < len) {
            throw error("invalid literal");
        }
        for (int i = 0; i < len; i++) {
            if (buf[pos + i] != word.charAt(i)) {
                throw error("invalid literal");
            }
        }
        pos += len;
    }

    /** Consumes {@code '{'}; whether a member follows (false: the empty object was consumed). */
    boolean beginObject() throws ProtocolException {
        if (peek() != '{') {
            throw error("expected object");
        }
        pos++;
        if (peek() == '}') {
            pos++;
            return false;
        }
        return true;
    }

    /** After a member value: consumes {@code ','} (true) or the closing {@code '}'} (false). */
    boolean nextMember() throws ProtocolException {
        byte b = peek();
        pos++;
        if (b == ',') {
            return true;
        }
        if (b == '}') {
            return false;
        }
        pos--;
        throw error("expected ',' or '}'");
    }

    /** Reads a member name and its colon. */
    String memberName() throws ProtocolException {
        String name = readString();
        expect(':');
        return name;
    }

    /** Consumes {@code '['}; whether an element follows (false: the empty array was consumed). */
    boolean beginArray() throws ProtocolException {
        if (peek() != '[') {
            throw error("expected array");
        }
        pos++;
        if (peek() == ']') {
            pos++;
            return false;
        }
        return true;
    }

    /** After an element: consumes {@code ','} (true) or the closing {@code ']'} (false). */
    boolean nextElement() throws ProtocolException {
        byte b = peek();
        pos++;
        if (b == ',') {
            return true;
        }
        if (b == ']') {
            return false;
        }
        pos--;
        throw error("expected ',' or ']'");
    }

    boolean readBoolean() throws ProtocolException {
        byte b = peek();
        if (b == 't') {
            literal("true");
            return true;
        }
        if (b == 'f') {
            literal("false");
            return false;
        }
        throw error("expected boolean");
    }

    /** Reads an integer in {@code [min, max]}; fractions and exponents are rejected. */
    long readLong(long min, long max) throws ProtocolException {
        long value = readInteger(false);
        if (value < min || value > max) {
            throw error("number out of range");
        }
        return value;
    }

    /** Reads a non-negative integer up to 2^64-1, returned as the bits of a Java long. */
    long readUnsignedLong() throws ProtocolException {
        return readInteger(true);
    }

    private long readInteger(boolean unsigned) throws ProtocolException {
        byte first = peek();
        if (first != '-' && (first < '0' || first > '9')) {
            throw error("expected number");
        }
        int start = pos;
        skipNumber();
        int digitsStart = first == '-' ? start + 1 : start;
        for (int i = digitsStart; i < pos; i++) {
            if (buf[i] < '0' || buf[i] > '9') {
                throw error("expected integer");
            }
        }
        if (unsigned && first == '-') {
            throw error("expected non-negative integer");
        }
        int digits = pos - digitsStart;
        if (digits <= 18) {
            long value = 0;
            for (int i = digitsStart; i < pos; i++) {
                value = value * 10 + (buf[i] - '0');
            }
            return first == '-' ? -value : value;
        }
        String text = new String(buf, start, pos - start, StandardCharsets.US_ASCII);
        try {
            return unsigned ? Long.parseUnsignedLong(text) : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw error("number out of range");
        }
    }

    /** Reads a string value and decodes its escapes. */
    String readString() throws ProtocolException {
        if (peek() != '"') {
            throw error("expected string");
        }
        int start = pos + 1;
        int flags = skipString();
        int len = pos - 1 - start;
        if (flags == 0) {
            return new String(buf, start, len, StandardCharsets.ISO_8859_1);
        }
        if ((flags & ESCAPED) == 0) {
            return new String(buf, start, len, StandardCharsets.UTF_8);
        }
        return JsonStrings.unescape(buf, start, pos - 1);
    }

    /** Skips a string starting at the quote; returns ESCAPED/NON_ASCII flags of its content. */
    private int skipString() throws ProtocolException {
        int flags = 0;
        pos++;
        while (pos < end) {
            int b = buf[pos] & 0xFF;
            if (b == '"') {
                pos++;
                return flags;
            }
            if (b == '\\') {
                skipEscape();
                flags |= ESCAPED;
            } else if (b < 0x20) {
                throw error("control character in string");
            } else if (b < 0x80) {
                pos++;
            } else {
                int len = JsonStrings.utf8SequenceLength(buf, pos, end);
                if (len < 0) {
                    throw error("invalid UTF-8");
                }
                pos += len;
                flags |= NON_ASCII;
            }
        }
        throw error("unterminated string");
    }

    private void skipEscape() throws ProtocolException {
        if (pos + 1 >= end) {
            throw error("unterminated string");
        }
        byte e = buf[pos + 1];
        switch (e) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> pos += 2;
            case 'u' -> {
                if (end - pos < 6) {
                    throw error("invalid \\u escape");
                }
                for (int i = pos + 2; i < pos + 6; i++) {
                    if (Character.digit(buf[i], 16) < 0) {
                        throw error("invalid \\u escape");
                    }
                }
                pos += 6;
            }
            default -> throw error("invalid escape");
        }
    }

    /** Skips {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private void skipNumber() throws ProtocolException {
        if (buf[pos] == '-') {
            pos++;
        }
        if (pos < end && buf[pos] == '0') {
            pos++;
        } else if (skipDigits() == 0) {
            throw error("invalid number");
        }
        if (pos < end && buf[pos] == '.') {
            pos++;
            if (skipDigits() == 0) {
                throw error("invalid number");
            }
        }
        if (pos < end && (buf[pos] == 'e' || buf[pos] == 'E')) {
            pos++;
            if (pos < end && (buf[pos] == '+' || buf[pos] == '-')) {
                pos++;
            }
            if (skipDigits() == 0) {
                throw error("invalid number");
            }
        }
    }

    private int skipDigits() {
        int start = pos;
        while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
            pos++;
        }
        return pos - start;
    }

    /** Skips whitespace; the position where the next value starts. */
    int valueStart() throws ProtocolException {
        peek();
        return pos;
    }

    /** Skips (and validates) one complete value of any type, iteratively. */
    void skipValue() throws ProtocolException {
        int depth = 0;
        while (true) {
            int opened = skipScalarOrOpen(depth);
            if (opened > depth) {
                depth = opened;
                continue; // a container was opened: its first value comes next
            }
            // After a complete value: close finished containers or move to the next member.
            while (true) {
                if (depth == 0) {
                    return;
                }
                boolean object = stack[depth - 1];
                byte b = peek();
                pos++;
                if (b == ',') {
                    if (object) {
                        memberName();
                    }
                    break;
                }
                if (b != (object ? '}' : ']')) {
                    pos--;
                    throw error(object ? "expected ',' or '}'" : "expected ',' or ']'");
                }
                depth--;
            }
        }
    }

    /**
     * Consumes a scalar, an empty container, or the opening of a non-empty container (pushed, and
     * for objects also the first member name). Returns the new depth.
     */
    private int skipScalarOrOpen(int depth) throws ProtocolException {
        byte b = peek();
        switch (b) {
            case '{', '[' -> {
                boolean object = b == '{';
                if (object ? !beginObject() : !beginArray()) {
                    return depth;
                }
                push(depth, object);
                if (object) {
                    memberName();
                }
                return depth + 1;
            }
            case '"' -> skipString();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (b != '-' && (b < '0' || b > '9')) {
                    throw error("unexpected character");
                }
                skipNumber();
            }
        }
        return depth;
    }

    private void push(int depth, boolean object) {
        if (stack == null) {
            stack = new boolean[16];
        } else if (depth == stack.length) {
            stack = Arrays.copyOf(stack, depth * 2);
        }
        stack[depth] = object;
    }
}
