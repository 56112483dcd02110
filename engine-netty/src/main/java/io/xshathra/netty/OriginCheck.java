package io.xshathra.netty;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code client.allowed_origins}: no list accepts only requests without an {@code Origin}
 * header (non-browser clients); {@code *} accepts all; otherwise the lower-cased origin must
 * match one of the glob patterns.
 */
final class OriginCheck {
    private final boolean any;
    private final List<Pattern> patterns;

    OriginCheck(List<String> allowed) {
        this.any = allowed.contains("*");
        this.patterns = allowed.stream().map(OriginCheck::glob).toList();
    }

    private static Pattern glob(String g) {
        String[] parts = g.toLowerCase(Locale.ROOT).split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            re.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString());
    }

    boolean allows(String origin) {
        if (origin == null || origin.isEmpty() || any) {
            return true;
        }
        String o = origin.toLowerCase(Locale.ROOT);
        for (Pattern p : patterns) {
            if (p.matcher(o).matches()) {
                return true;
            }
        }
        return false;
    }
}
