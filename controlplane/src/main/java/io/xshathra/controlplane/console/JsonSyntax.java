package io.xshathra.controlplane.console;

import java.util.Optional;

/**
 * Finds the first syntax error of a JSON text (RFC 8259) and where it is, by line and column, so
 * that a person can fix what they typed. Parsers' own messages differ between libraries and
 * browsers; this one is the same on the server and in the page ({@code app.js} runs the same
 * algorithm before it sends anything). Lines are counted by {@code \n} (a {@code \r\n} pair counts
 * once); columns count UTF-16 characters from 1, as a browser's text area does.
 */
final class JsonSyntax {

    /** Deeper nesting is refused: the check recurses, and nobody types 64 levels by hand. */
    static final int MAX_DEPTH = 64;

    /**
     * A syntax error.
     *
     * @param line    1-based line
     * @param column  1-based column
     * @param message what is wrong, starting with a capital letter, without a final full stop
     */
    record Problem(int line, int column, String message) {
        /** {@code Line 2, column 5: expected ':' after the key}. */
        String describe() {
            return "Line " + line + ", column " + column + ": " + message + ".";
        }
    }

    /** Thrown inside the scan; carries the offset. */
    private static final class Stop extends RuntimeException {
        final int at;

        Stop(int at, String message) {
            super(message, null, false, false);
            this.at = at;
        }
    }

    private final String s;
    private int i;

    private JsonSyntax(String s) {
        this.s = s;
    }

    /** The first error of {@code text}, or empty when it is one valid JSON value. */
    static Optional<Problem> check(String text) {
        JsonSyntax scan = new JsonSyntax(text);
        try {
            scan.space();
            scan.value(0);
            scan.space();
            if (scan.i < text.length()) {
                throw new Stop(scan.i, "Unexpected text after the JSON value");
            }
            return Optional.empty();
        } catch (Stop e) {
            return Optional.of(at(text, e.at, e.getMessage()));
        }
    }

    private static Problem at(String text, int offset, String message) {
        int line = 1;
        int lineStart = 0;
        for (int k = 0; k < offset && k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        return new Problem(line, offset - lineStart + 1, message);
    }

    private void space() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
            i++;
        }
    }

    private Stop unexpected(String expected) {
        if (i >= s.length()) {
            return new Stop(i, "Unexpected end of the text; expected " + expected);
        }
        return new Stop(i, "Unexpected \u2018" + s.charAt(i) + "\u2019; expected " + expected);
    }

    private void value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new Stop(i, "Nested more than " + MAX_DEPTH + " levels deep");
        }
        char c = i < s.length() ? s.charAt(i) : 0;
        switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> word("true");
            case 'f' -> word("false");
            case 'n' -> word("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw unexpected("a value (object, array, string, number, true, false or null)");
                }
            }
        }
    }

    private void object(int depth) {
        i++;
        space();
        if (i < s.length() && s.charAt(i) == '}') {
            i++;
            return;
        }
        while (true) {
            if (i >= s.length() || s.charAt(i) != '"') {
                throw unexpected("a key in double quotes");
            }
            string();
            space();
            if (i >= s.length() || s.charAt(i) != ':') {
                throw unexpected("\u2018:\u2019 after the key");
            }
            i++;
            space();
            value(depth + 1);
            space();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
                space();
            } else if (i < s.length() && s.charAt(i) == '}') {
                i++;
                return;
            } else {
                throw unexpected("\u2018,\u2019 or \u2018}\u2019");
            }
        }
    }

    private void array(int depth) {
        i++;
        space();
        if (i < s.length() && s.charAt(i) == ']') {
            i++;
            return;
        }
        while (true) {
            value(depth + 1);
            space();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
                space();
            } else if (i < s.length() && s.charAt(i) == ']') {
                i++;
                return;
            } else {
                throw unexpected("\u2018,\u2019 or \u2018]\u2019");
            }
        }
    }

    private void string() {
        int start = i++;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                i++;
                return;
            }
            if (c < 0x20) {
                throw new Stop(i, "A line break or control character inside a string; write it as \\n or \\t");
            }
            if (c == '\\') {
                escape();
            } else {
                i++;
            }
        }
        throw new Stop(start, "This string is never closed");
    }

    private void escape() {
        char e = i + 1 < s.length() ? s.charAt(i + 1) : 0;
        if ("\"\\/bfnrt".indexOf(e) >= 0 && e != 0) {
            i += 2;
            return;
        }
        if (e == 'u') {
            for (int k = 2; k < 6; k++) {
                if (i + k >= s.length() || Character.digit(s.charAt(i + k), 16) < 0) {
                    throw new Stop(i, "\\u must be followed by four hexadecimal digits");
                }
            }
            i += 6;
            return;
        }
        throw new Stop(i, "Unknown escape; use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX");
    }

    private void word(String w) {
        if (!s.startsWith(w, i)) {
            throw unexpected("a value (object, array, string, number, true, false or null)");
        }
        i += w.length();
    }

    private void number() {
        int start = i;
        if (s.charAt(i) == '-') {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '0') {
            i++;
        } else if (!digits()) {
            throw new Stop(start, "A number needs digits");
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            if (!digits()) {
                throw new Stop(i, "A number needs digits after the decimal point");
            }
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            if (!digits()) {
                throw new Stop(i, "A number needs digits in its exponent");
            }
        }
    }

    private boolean digits() {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i > start;
    }
}
