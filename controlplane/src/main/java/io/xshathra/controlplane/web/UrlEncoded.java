package io.xshathra.controlplane.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} text as browsers send it: query strings and form
 * bodies. Decoding keeps what the field's owner typed: {@code +} is a space, {@code %XX} runs are
 * UTF-8 (bytes that are not UTF-8 become U+FFFD), {@code ;} is an ordinary character, {@code #}
 * ends the text, a field without {@code =} has the value "". Stateless.
 */
public final class UrlEncoded {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlEncoded() {
    }

    /**
     * The query of a request target: everything after the first {@code ?} or {@code #}, or ""
     * when there is neither.
     */
    public static String rawQuery(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#') {
                return uri.substring(i + 1);
            }
        }
        return "";
    }

    /**
     * The fields of {@code a=1&b=2} (a leading {@code ?} is skipped), in order of first
     * appearance, each with its values in order; at most {@code maxFields} fields are read, the
     * rest is ignored.
     *
     * @throws IllegalArgumentException for a malformed escape ({@code %zz}, a lone {@code %})
     */
    public static Map<String, List<String>> decode(String s, int maxFields) {
        int from = 0;
        if (s.isEmpty()) {
            return Collections.emptyMap();
        }
        if (s.charAt(0) == '?') {
            from = 1;
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        int left = maxFields;
        int nameStart = from;
        int valueStart = -1;
        int i = from;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '#') {
                break;
            }
            if (c == '=') {
                if (i == nameStart) {
                    nameStart = i + 1; // "=x": a field named by what follows
                } else if (valueStart < nameStart) {
                    valueStart = i + 1;
                }
            } else if (c == '&') {
                if (field(s, nameStart, valueStart, i, out) && --left == 0) {
                    return out;
                }
                nameStart = i + 1;
            }
        }
        field(s, nameStart, valueStart, i, out);
        return out;
    }

    /** Adds the field between {@code nameStart} and {@code end}; false when that span is empty. */
    private static boolean field(String s, int nameStart, int valueStart, int end, Map<String, List<String>> out) {
        if (nameStart >= end) {
            return false;
        }
        int nameEnd = valueStart > nameStart ? valueStart - 1 : end;
        String name = component(s, nameStart, nameEnd);
        String value = valueStart > nameStart ? component(s, valueStart, end) : "";
        out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        return true;
    }

    /** Decodes {@code s[from, to)}. */
    static String component(String s, int from, int to) {
        int first = -1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '+') {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return s.substring(from, to);
        }
        StringBuilder b = new StringBuilder(to - from).append(s, from, first);
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        int i = first;
        while (i < to) {
            char c = s.charAt(i);
            if (c != '%') {
                b.append(c == '+' ? ' ' : c);
                i++;
                continue;
            }
            run.reset();
            while (i < to && s.charAt(i) == '%') {
                if (i + 3 > to) {
                    throw new IllegalArgumentException("unterminated escape at index " + i);
                }
                run.write(hex(s, i + 1) << 4 | hex(s, i + 2));
                i += 3;
            }
            b.append(new String(run.toByteArray(), StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private static int hex(String s, int at) {
        char c = s.charAt(at);
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw new IllegalArgumentException("invalid escape at index " + (at - 1));
    }

    /**
     * {@code s} as one query component: ASCII letters, digits and {@code - _ . * ~} stay, every
     * other character is its UTF-8 bytes as {@code %XX} (a space is {@code %20}). A lone
     * surrogate is {@code %3F} ("?"); when a high surrogate is followed by anything but a low
     * one, that next character is written as one escaped byte (its low eight bits), as the
     * encoder the console used before did.
     */
    public static String encodeComponent(String s) {
        int i = 0;
        while (i < s.length() && plain(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (plain(c)) {
                b.append(c);
            } else if (c < 0x80) {
                escape(b, c);
            } else if (c < 0x800) {
                escape(b, 0xC0 | (c >> 6));
                escape(b, 0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                escape(b, 0xE0 | (c >> 12));
                escape(b, 0x80 | ((c >> 6) & 0x3F));
                escape(b, 0x80 | (c & 0x3F));
            } else if (!Character.isHighSurrogate(c) || i + 1 == s.length()) {
                escape(b, '?');
            } else {
                char low = s.charAt(++i);
                if (!Character.isLowSurrogate(low)) {
                    escape(b, '?');
                    escape(b, Character.isHighSurrogate(low) ? '?' : low);
                } else {
                    int cp = Character.toCodePoint(c, low);
                    escape(b, 0xF0 | (cp >> 18));
                    escape(b, 0x80 | ((cp >> 12) & 0x3F));
                    escape(b, 0x80 | ((cp >> 6) & 0x3F));
                    escape(b, 0x80 | (cp & 0x3F));
                }
            }
        }
        return b.toString();
    }

    /** {@code %XX} of the low eight bits. */
    private static void escape(StringBuilder b, int x) {
        b.append('%').append(HEX[(x >> 4) & 0xF]).append(HEX[x & 0xF]);
    }

    private static boolean plain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '*' || c == '~';
    }
}
