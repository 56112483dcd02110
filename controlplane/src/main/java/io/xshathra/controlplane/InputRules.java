package io.xshathra.controlplane;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules for what people type: emails, passwords, project names, backend endpoints. The services apply them
 * themselves; forms and the command line may call them first to answer before any work is done.
 * Each method returns the normalised value or throws {@link ControlPlaneException}.
 */
public final class InputRules {

    private static final String LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?";
    private static final String ATOM = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+";
    private static final Pattern EMAIL = Pattern.compile(ATOM + "(?:\\." + ATOM + ")*@" + LABEL + "(?:\\." + LABEL + ")+");
    private static final int MAX_EMAIL = 254;
    private static final int MAX_LOCAL_PART = 64;

    private InputRules() {
    }

    /**
     * Trims and lower-cases an email and checks its shape: a dot-atom local part of at most 64
     * characters, a domain of at least two labels, 254 characters in all.
     */
    public static String email(String email) {
        String e = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        int at = e.lastIndexOf('@');
        if (e.isEmpty() || e.length() > MAX_EMAIL || at > MAX_LOCAL_PART || !EMAIL.matcher(e).matches()) {
            throw new ControlPlaneException(ControlPlaneException.Reason.INVALID_EMAIL,
                    "email must be an address such as name@example.com (at most " + MAX_EMAIL + " characters)");
        }
        return e;
    }

    /** Checks a new password's length: {@value Accounts#MIN_PASSWORD_LENGTH} to {@value Accounts#MAX_PASSWORD_LENGTH} characters. */
    public static String password(String password) {
        int n = password == null ? 0 : password.codePointCount(0, password.length());
        if (n < Accounts.MIN_PASSWORD_LENGTH) {
            throw new ControlPlaneException(ControlPlaneException.Reason.WEAK_PASSWORD,
                    "password must be at least " + Accounts.MIN_PASSWORD_LENGTH + " characters long");
        }
        if (n > Accounts.MAX_PASSWORD_LENGTH) {
            throw new ControlPlaneException(ControlPlaneException.Reason.WEAK_PASSWORD,
                    "password must be at most " + Accounts.MAX_PASSWORD_LENGTH + " characters long");
        }
        return password;
    }

    /** Trims a project name and checks it: 1 to 100 characters, no control characters. */
    public static String projectName(String name) {
        String n = name == null ? "" : name.strip();
        int length = n.codePointCount(0, n.length());
        if (length < 1 || length > Projects.MAX_NAME_LENGTH) {
            throw new ControlPlaneException(ControlPlaneException.Reason.INVALID_NAME,
                    "name must be 1 to " + Projects.MAX_NAME_LENGTH + " characters long");
        }
        if (n.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029)) {
            throw new ControlPlaneException(ControlPlaneException.Reason.INVALID_NAME,
                    "name must not contain control characters or line breaks");
        }
        return n;
    }

    /** The form of a name that uniqueness is checked on. */
    public static String nameKey(String normalisedName) {
        return normalisedName.toLowerCase(Locale.ROOT);
    }

    /** The longest backend endpoint URL, in characters. */
    public static final int MAX_PROXY_URL = 2048;
    /** The shortest and longest backend timeouts. */
    public static final Duration MIN_PROXY_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_PROXY_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Trims a backend endpoint and checks it: an absolute {@code http} or {@code https} URL with a
     * host, no user name or password in it, no fragment, at most {@value #MAX_PROXY_URL}
     * characters. Whether its host may be a private address is {@code ProxyTargets}' question.
     */
    public static URI proxyEndpoint(String url) {
        String u = url == null ? "" : url.strip();
        if (u.isEmpty() || u.length() > MAX_PROXY_URL || u.codePoints().anyMatch(Character::isISOControl)) {
            throw badUrl("url must be an http:// or https:// URL of at most " + MAX_PROXY_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw badUrl("url is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw badUrl("url must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw badUrl("url must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw badUrl("url must not contain a user name or password; the engine signs its calls instead");
        }
        if (uri.getRawFragment() != null) {
            throw badUrl("url must not contain a #fragment");
        }
        return uri;
    }

    /** Checks a backend timeout: {@code MIN_PROXY_TIMEOUT} to {@code MAX_PROXY_TIMEOUT}. */
    public static Duration proxyTimeout(Duration timeout) {
        if (timeout == null || timeout.compareTo(MIN_PROXY_TIMEOUT) < 0 || timeout.compareTo(MAX_PROXY_TIMEOUT) > 0) {
            throw new ControlPlaneException(ControlPlaneException.Reason.INVALID_ARGUMENT,
                    "timeout must be between " + MIN_PROXY_TIMEOUT.toMillis() + " ms and "
                            + MAX_PROXY_TIMEOUT.toSeconds() + " s");
        }
        return timeout;
    }

    private static ControlPlaneException badUrl(String message) {
        return new ControlPlaneException(ControlPlaneException.Reason.INVALID_ARGUMENT, message);
    }
}
