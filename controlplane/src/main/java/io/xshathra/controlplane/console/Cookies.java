package io.xshathra.controlplane.console;

import io.xshathra.controlplane.web.WebHeaders;
import io.xshathra.controlplane.web.WebRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The console's cookies. {@value #SESSION} carries the secret session token; {@value #FORM} is a
 * random pre-session value that binds the CSRF token of the sign-in, sign-up and setup forms;
 * {@value #KNOWN} marks a browser that has signed in to an account before ({@link KnownBrowser}).
 * All are {@code HttpOnly; SameSite=Lax; Path=/}. When secure (see
 * {@link ConsoleOptions.SecureCookies}) they are also {@code Secure} and their names carry the
 * {@code __Host-} prefix, and only the prefixed names are read: a cookie planted over plain HTTP
 * or by a sibling subdomain cannot stand in for them.
 */
final class Cookies {

    static final String SESSION = "xs_session";
    static final String FORM = "xs_form";
    static final String KNOWN = "xs_known";
    static final String HOST_PREFIX = "__Host-";
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final Pattern FORWARDED_HTTPS = Pattern.compile("(?i)(^|[;,\\s])proto=\"?https\"?($|[;,\\s])");

    private Cookies() {
    }

    /** The cookie's name on the wire: with the {@code __Host-} prefix when secure. */
    static String name(String name, boolean secure) {
        return secure ? HOST_PREFIX + name : name;
    }

    /** A {@code Set-Cookie} value that stores {@code value} for {@code maxAge}. */
    static String set(String name, String value, Duration maxAge, boolean secure) {
        if (!VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("cookie value must be 16-128 URL-safe base64 characters");
        }
        return name(name, secure) + "=" + value + "; Path=/; Max-Age=" + Math.max(0, maxAge.toSeconds())
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** A {@code Set-Cookie} value that deletes the cookie. */
    static String clear(String name, boolean secure) {
        return name(name, secure) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** The value of the cookie under its secure or plain name, or null. */
    static String read(WebRequest request, String name, boolean secure) {
        return read(request, name(name, secure));
    }

    /** The value of the first well-formed cookie of that exact name, or null. */
    static String read(WebRequest request, String name) {
        for (String value : request.cookies(name)) {
            if (VALUE.matcher(value).matches()) {
                return value;
            }
        }
        return null;
    }

    /**
     * Whether the forwarding headers say the browser used HTTPS. Anyone can send them: the
     * cookie decision believes them only from a trusted proxy ({@link ConsoleRequest}); the
     * URLs the pages show for copying may use them as they are.
     */
    static boolean secure(WebHeaders headers) {
        String proto = headers.get("X-Forwarded-Proto");
        if (proto != null) {
            String first = proto.split(",", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (first.equals("https")) {
                return true;
            }
        }
        String forwarded = headers.get("Forwarded");
        return forwarded != null && FORWARDED_HTTPS.matcher(forwarded.split(",", 2)[0]).find();
    }
}
