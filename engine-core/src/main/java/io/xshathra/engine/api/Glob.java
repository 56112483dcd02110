package io.xshathra.engine.api;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Glob patterns for the {@code channels} API: {@code *}, {@code ?}, {@code [..]} (with
 * {@code [!..]} and ranges) and {@code {a,b}}. Any string compiles: a {@code [} that does not open
 * a usable class (unclosed, empty, a backwards range) is an ordinary character.
 */
final class Glob {
    private Glob() {
    }

    static Predicate<String> compile(String glob) {
        StringBuilder re = new StringBuilder();
        boolean inBraces = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    String cls = end < 0 ? null : characterClass(glob.substring(i + 1, end));
                    if (cls == null) {
                        re.append("\\[");
                    } else {
                        re.append(cls);
                        i = end;
                    }
                }
                case '{' -> {
                    // no nesting: a '{' inside braces is an ordinary character
                    re.append(inBraces ? "\\{" : "(?:");
                    inBraces = true;
                }
                case '}' -> {
                    if (inBraces) {
                        inBraces = false;
                        re.append(')');
                    } else {
                        re.append("\\}");
                    }
                }
                case ',' -> re.append(inBraces ? "|" : ",");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (inBraces) {
            re.append(')');
        }
        Pattern p = Pattern.compile(re.toString(), Pattern.DOTALL);
        return s -> p.matcher(s).matches();
    }

    /**
     * The regex class for the body of {@code [..]}: members quoted (the body comes from an API
     * caller and must not be read as regex syntax), {@code a-z} kept as a range. Null when the
     * class is empty or has a backwards range.
     */
    private static String characterClass(String body) {
        boolean negate = body.startsWith("!");
        String b = negate ? body.substring(1) : body;
        if (b.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder(negate ? "[^" : "[");
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            if (i + 2 < b.length() && b.charAt(i + 1) == '-') {
                char to = b.charAt(i + 2);
                if (to < c) {
                    return null;
                }
                out.append(member(c)).append('-').append(member(to));
                i += 2;
            } else {
                out.append(member(c));
            }
        }
        return out.append(']').toString();
    }

    private static String member(char c) {
        return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
    }
}
