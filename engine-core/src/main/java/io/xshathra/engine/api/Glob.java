package io.xshathra.engine.api;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Glob patterns for the {@code channels} API: {@code *}, {@code ?}, {@code [..]} and {@code {a,b}}. */
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
                    if (end < 0) {
                        re.append("\\[");
                    } else {
                        String cls = glob.substring(i + 1, end).replace("\\", "\\\\");
                        re.append('[').append(cls.startsWith("!") ? "^" + cls.substring(1) : cls).append(']');
                        i = end;
                    }
                }
                case '{' -> {
                    inBraces = true;
                    re.append("(?:");
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
}
