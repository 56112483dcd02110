package io.xshathra.controlplane.console;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The console's two cookies. {@value #SESSION} carries the secret session token; {@value #FORM}
 * is a random pre-session value that binds the CSRF token of the sign-in and sign-up forms. Both
 * are {@code HttpOnly; SameSite=Lax; Path=/}, and {@code Secure} when the request came over TLS
 * (a TLS-terminating proxy says so with {@code X-Forwarded-Proto: https} or
 * {@code Forwarded: proto=https}; trusting that header can only make the cookie stricter).
 */
final class Cookies {

    static final String SESSION = "xs_session";
    static final String FORM = "xs_form";
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final Pattern FORWARDED_HTTPS = Pattern.compile("(?i)(^|[;,\\s])proto=\"?https\"?($|[;,\\s])");

    private Cookies() {
    }

    /** A {@code Set-Cookie} value that stores {@code value} for {@code maxAge}. */
    static String set(String name, String value, Duration maxAge, boolean secure) {
        if (!VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("cookie value must be 16-128 URL-safe base64 characters");
        }
        return name + "=" + value + "; Path=/; Max-Age=" + Math.max(0, maxAge.toSeconds())
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** A {@code Set-Cookie} value that deletes the cookie. */
    static String clear(String name, boolean secure) {
        return name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** The value of the first well-formed cookie of that name, or null. */
    static String read(HttpHeaders headers, String name) {
        for (String header : headers.getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie c : ServerCookieDecoder.LAX.decodeAll(header)) {
                if (c.name().equals(name) && VALUE.matcher(c.value()).matches()) {
                    return c.value();
                }
            }
        }
        return null;
    }

    /** Whether the browser talks to us over TLS (directly or through a proxy that says so). */
    static boolean secure(HttpHeaders headers) {
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
