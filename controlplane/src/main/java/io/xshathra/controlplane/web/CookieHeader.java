package io.xshathra.controlplane.web;

import java.util.List;

/**
 * Reads {@code Cookie} request headers leniently, as browsers and old clients send them: pairs
 * separated by {@code ;}, blanks, commas and semicolons skipped before a name, a value running to
 * the next {@code ;} (so {@code a=b, c=d} is one cookie {@code a} with the value {@code b, c=d}),
 * one pair of surrounding double quotes removed, a name compared without the blanks and control
 * characters around it, a pair without {@code =} or with an empty name ignored, and the {@code $Version} / {@code $Path} / {@code $Domain} / {@code $Port} attributes
 * of RFC 2965 headers skipped.
 */
final class CookieHeader {

    private CookieHeader() {
    }

    /** Adds to {@code out} the value of every cookie named exactly {@code name} in {@code header}, in order. */
    static void values(String header, String name, List<String> out) {
        int n = header.length();
        int i = 0;
        boolean rfc2965 = header.regionMatches(true, 0, "$Version", 0, 8);
        if (rfc2965) {
            i = header.indexOf(';') + 1;
        }
        while (true) {
            while (i < n && separator(header.charAt(i))) {
                i++;
            }
            if (i == n) {
                return;
            }
            int nameStart = i;
            int eq = -1;
            while (i < n) {
                char c = header.charAt(i);
                if (c == ';') {
                    break;
                }
                if (c == '=') {
                    eq = i;
                    int semi = header.indexOf(';', i + 1);
                    i = semi > 0 ? semi : n;
                    break;
                }
                i++;
            }
            if (eq < 0 || eq == nameStart) {
                continue;
            }
            if (rfc2965 && (header.startsWith("$Path", nameStart) || header.startsWith("$Domain", nameStart)
                    || header.startsWith("$Port", nameStart))) {
                continue;
            }
            if (sameName(header, nameStart, eq, name)) {
                String value = unquoted(header.substring(eq + 1, i));
                if (value != null) {
                    out.add(value);
                }
            }
        }
    }

    /**
     * Whether {@code header[from, to)}, without leading and trailing characters up to U+0020
     * (as {@link String#trim()} drops them), is {@code name}.
     */
    private static boolean sameName(String header, int from, int to, String name) {
        while (from < to && header.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && header.charAt(to - 1) <= ' ') {
            to--;
        }
        return to - from == name.length() && header.startsWith(name, from);
    }

    private static boolean separator(char c) {
        return c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r' || c == ' ' || c == ',' || c == ';';
    }

    /** The value without one pair of surrounding quotes; null when a quote is left open. */
    private static String unquoted(String v) {
        if (v.isEmpty() || v.charAt(0) != '"') {
            return v;
        }
        if (v.length() >= 2 && v.charAt(v.length() - 1) == '"') {
            return v.substring(1, v.length() - 1);
        }
        return null;
    }
}
