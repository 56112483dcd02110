package io.xshathra.redis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from Redis addresses and from any text that may quote one (log lines,
 * exception messages), so that no password reaches a log. A Redis URI's user information
 * ({@code redis://[[user:]password@]host}) keeps only the user name; {@code password=}-style
 * query parameters keep only their name. Everything else is left as written.
 */
public final class Redaction {
    /** What replaces a secret. */
    public static final String MASK = "***";
    private static final Pattern USERINFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/?#@\\s]*)@");
    private static final Pattern PASSWORD_PARAM =
            Pattern.compile("(?i)([?&;](?:password|pass|pwd|sentinel_password)=)[^&;\\s]*");

    private Redaction() {
    }

    /** One configured address ({@code redis://user:pw@host:6379/0}, {@code host:port}) without its password. */
    public static String address(String address) {
        return text(address);
    }

    /** The text with the password of every URI in it, and of every password parameter, masked. */
    public static String text(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = USERINFO.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            String userInfo = m.group(2);
            int colon = userInfo.indexOf(':');
            // Lettuce reads user info without a colon as a password (redis://password@host)
            String kept = colon < 0 ? MASK : userInfo.substring(0, colon) + ":" + MASK;
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + kept + "@"));
        }
        m.appendTail(sb);
        return PASSWORD_PARAM.matcher(sb).replaceAll("$1" + MASK);
    }
}
