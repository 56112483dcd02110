package io.xshathra.engine.api;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Glob patterns for the {@code channels} API, with the grammar Centrifugo's glob library uses so
 * that the same patterns are accepted, rejected and matched alike:
 * <ul>
 *   <li>{@code *} (and {@code **}) any run of characters, {@code ?} one character;</li>
 *   <li>{@code \} makes the next character ordinary;</li>
 *   <li>{@code {a,b}} alternatives, which may nest; an alternative left open at the end is closed
 *       there, and {@code ,} and {@code }} are ordinary outside alternatives;</li>
 *   <li>{@code [abc]} one of a list (no ranges inside a list: {@code [ab-c]} is the four
 *       characters), {@code [a-z]} one range, exactly one and then the {@code ]}; {@code !} right
 *       after {@code [} negates. {@code ]} outside a class is ordinary.</li>
 * </ul>
 * A class that is empty, unclosed, has a backwards range or more than a single range is an
 * {@link IllegalArgumentException}, which the API reports as Centrifugo does (error 100).
 */
public final class Glob {
    private final String glob;
    private final StringBuilder re = new StringBuilder();
    private int pos;

    private Glob(String glob) {
        this.glob = glob;
    }

    /** Whether the pattern is one {@link #compile} accepts, so a caller can refuse it before asking the API. */
    public static boolean wellFormed(String glob) {
        try {
            compile(glob);
            return true;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /** The pattern as a predicate; throws {@link IllegalArgumentException} when it is malformed. */
    static Predicate<String> compile(String glob) {
        Pattern p = Pattern.compile(new Glob(glob).toRegex(), Pattern.DOTALL);
        return s -> p.matcher(s).matches();
    }

    private String toRegex() {
        int depth = 0;
        while (pos < glob.length()) {
            char c = glob.charAt(pos++);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                characterClass();
            } else if (c == '{') {
                depth++;
                re.append("(?:");
            } else if (c == ',' && depth > 0) {
                re.append('|');
            } else if (c == '}' && depth > 0) {
                depth--;
                re.append(')');
            } else {
                pos--;
                text(depth > 0 ? "?*[{}," : "?*[{");
            }
        }
        re.append(")".repeat(depth));
        return re.toString();
    }

    /** Ordinary characters up to the next unescaped breaker, quoted. */
    private String text(String breakers) {
        StringBuilder t = new StringBuilder();
        boolean escaped = false;
        while (pos < glob.length()) {
            char c = glob.charAt(pos++);
            if (!escaped && c == '\\') {
                escaped = true;
                continue;
            }
            if (!escaped && breakers.indexOf(c) >= 0) {
                pos--;
                break;
            }
            escaped = false;
            t.append(c);
        }
        if (!t.isEmpty()) {
            re.append(Pattern.quote(t.toString()));
        }
        return t.toString();
    }

    /** The body of {@code [..]} after the {@code [}: one range or one list, then {@code ]}. */
    private void characterClass() {
        boolean negate = pos < glob.length() && glob.charAt(pos) == '!';
        if (negate) {
            pos++;
        }
        if (pos >= glob.length()) {
            throw new IllegalArgumentException("unexpected end of pattern in a class");
        }
        String open = negate ? "[^" : "[";
        if (pos + 1 < glob.length() && glob.charAt(pos + 1) == '-') {
            if (pos + 3 >= glob.length()) {
                throw new IllegalArgumentException("unexpected end of pattern in a class");
            }
            char lo = glob.charAt(pos);
            char hi = glob.charAt(pos + 2);
            if (glob.charAt(pos + 3) != ']') {
                throw new IllegalArgumentException("a class holds one range only");
            }
            if (hi < lo || lo == 0) {
                throw new IllegalArgumentException("backwards range in a class");
            }
            pos += 4;
            re.append(open).append(member(lo)).append('-').append(member(hi)).append(']');
            return;
        }
        int mark = re.length();
        String chars = text("]");
        re.setLength(mark);
        if (pos >= glob.length()) {
            throw new IllegalArgumentException("unexpected end of pattern in a class");
        }
        pos++;
        if (chars.isEmpty()) {
            throw new IllegalArgumentException("empty class");
        }
        re.append(open);
        chars.chars().forEach(c -> re.append(member((char) c)));
        re.append(']');
    }

    /** A class member as regex: quoted, since the pattern comes from an API caller. */
    private static String member(char c) {
        return Character.isLetterOrDigit(c) ? String.valueOf(c) : String.format("\\x{%x}", (int) c);
    }
}
