package io.xshathra.controlplane.console;

import java.util.Objects;

/**
 * The console's only way to put values into HTML. {@link #t} fills {@code {}} placeholders of a
 * trusted template and escapes every argument unless it is already {@link Safe} markup, so
 * escaping is what happens by default; {@link #raw} is for constant markup only.
 *
 * <p>The escaping covers text and double- or single-quoted attribute values ({@code & < > " '}
 * and the backtick). URLs put into {@code href} come from the console itself (paths built from
 * validated ids), never from what people typed.
 */
public final class Html {

    /** Markup that is already safe: constant, or built by {@link #t} / {@link #join}. */
    public record Safe(String html) {
        public Safe {
            Objects.requireNonNull(html, "html");
        }

        @Override
        public String toString() {
            return html;
        }
    }

    public static final Safe EMPTY = new Safe("");

    private Html() {
    }

    /** Escapes text for an element body or a quoted attribute value; null becomes "". */
    public static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                case '`' -> "&#96;";
                default -> null;
            };
            if (rep != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (rep != null) {
                out.append(rep);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** Trusted constant markup. Never pass anything a person typed or a database returned. */
    public static Safe raw(String trustedHtml) {
        return new Safe(trustedHtml);
    }

    /**
     * Fills each {@code {}} of the trusted template with the next argument: {@link Safe}
     * arguments as they are, everything else escaped.
     *
     * @throws IllegalArgumentException when placeholders and arguments do not pair up
     */
    public static Safe t(String template, Object... args) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        int from = 0;
        int used = 0;
        while (true) {
            int at = template.indexOf("{}", from);
            if (at < 0) {
                break;
            }
            if (used >= args.length) {
                throw new IllegalArgumentException("more placeholders than arguments");
            }
            out.append(template, from, at);
            Object arg = args[used++];
            out.append(arg instanceof Safe safe ? safe.html() : esc(arg));
            from = at + 2;
        }
        if (used != args.length) {
            throw new IllegalArgumentException("more arguments than placeholders");
        }
        return new Safe(out.append(template, from, template.length()).toString());
    }

    /** Concatenates fragments. */
    public static Safe join(Iterable<Safe> parts) {
        StringBuilder out = new StringBuilder();
        for (Safe p : parts) {
            out.append(p.html());
        }
        return new Safe(out.toString());
    }

    /** Concatenates fragments. */
    public static Safe join(Safe... parts) {
        return join(java.util.Arrays.asList(parts));
    }

    /** {@code fragment} when the condition holds, else nothing. */
    public static Safe when(boolean condition, Safe fragment) {
        return condition ? fragment : EMPTY;
    }
}
