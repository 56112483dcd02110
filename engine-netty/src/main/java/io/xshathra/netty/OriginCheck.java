package io.xshathra.netty;

import io.xshathra.engine.util.LogThrottle;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code client.allowed_origins}: no list accepts only requests without an {@code Origin}
 * header (non-browser clients); {@code *} accepts all; otherwise the lower-cased origin must
 * match one of the glob patterns. A refusal is logged as a warning naming the origin and the key
 * to change, at most once every {@value #LOG_EVERY_SECONDS} seconds (the number of refusals in
 * between is given), so a page hammering the server cannot flood the log.
 */
final class OriginCheck {
    private static final Logger LOG = LoggerFactory.getLogger(OriginCheck.class);
    static final long LOG_EVERY_SECONDS = 10;
    private static final int MAX_LOGGED_ORIGIN = 200;
    private static final LogThrottle REFUSALS = new LogThrottle(LOG_EVERY_SECONDS, TimeUnit.SECONDS);

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
        logRefusal(origin);
        return false;
    }

    private static void logRefusal(String origin) {
        long held = REFUSALS.admit();
        if (held >= 0) {
            LOG.warn("refused a browser connection from origin {}: not in client.allowed_origins{}", printable(origin),
                    LogThrottle.more(held));
        }
    }

    /** The origin as sent, cut and with anything unprintable replaced: it comes from the network. */
    static String printable(String origin) {
        StringBuilder b = new StringBuilder(Math.min(origin.length(), MAX_LOGGED_ORIGIN) + 2).append('"');
        for (int i = 0; i < origin.length() && i < MAX_LOGGED_ORIGIN; i++) {
            char c = origin.charAt(i);
            b.append(c >= 0x20 && c < 0x7f && c != '"' ? c : '?');
        }
        if (origin.length() > MAX_LOGGED_ORIGIN) {
            b.append('…');
        }
        return b.append('"').toString();
    }
}
