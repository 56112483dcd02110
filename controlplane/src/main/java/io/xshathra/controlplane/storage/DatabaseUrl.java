package io.xshathra.controlplane.storage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the control plane's database is: an SQLite file (the default) or PostgreSQL. Accepted
 * PostgreSQL forms are a JDBC URL ({@code jdbc:postgresql://host:5432/db?user=...}) and the
 * common {@code postgres://user:password@host:5432/db?sslmode=require} (also
 * {@code postgresql://}), whose user and password are taken out of the URL and percent-decoded.
 * {@link #toString()} never shows the password.
 *
 * @param dialect  which database
 * @param jdbcUrl  what the driver is given
 * @param user     the user, or null when the JDBC URL carries it
 * @param password the password, or null when the JDBC URL carries it
 */
public record DatabaseUrl(Dialect dialect, String jdbcUrl, String user, String password) {

    /** The database products the control plane runs on. */
    public enum Dialect { SQLITE, POSTGRESQL }

    /** The file name of the embedded database inside the data folder. */
    public static final String SQLITE_FILE = "xshathra.db";

    public DatabaseUrl {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    /** The embedded database {@code <dataDir>/xshathra.db}. */
    public static DatabaseUrl sqlite(Path dataDir) {
        return new DatabaseUrl(Dialect.SQLITE, "jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE), null, null);
    }

    /**
     * The database for a data folder and an optional URL: PostgreSQL when the URL is given (not
     * null or blank), else the SQLite file in the data folder.
     *
     * @throws IllegalArgumentException when the URL is not one of the accepted forms
     */
    public static DatabaseUrl resolve(Path dataDir, String url) {
        return url == null || url.isBlank() ? sqlite(dataDir) : parse(url);
    }

    /**
     * Parses a PostgreSQL URL.
     *
     * @throws IllegalArgumentException with a message that does not repeat the URL
     */
    public static DatabaseUrl parse(String url) {
        String u = url.strip();
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql://")) {
            return new DatabaseUrl(Dialect.POSTGRESQL, u, null, null);
        }
        int scheme = lower.startsWith("postgres://") ? "postgres://".length()
                : lower.startsWith("postgresql://") ? "postgresql://".length() : -1;
        if (scheme < 0) {
            throw new IllegalArgumentException("the database URL must start with jdbc:postgresql://, postgres://"
                    + " or postgresql:// (without it, the embedded SQLite file in the data folder is used)");
        }
        String rest = u.substring(scheme);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        int at = authority.lastIndexOf('@');
        String user = null;
        String password = null;
        if (at >= 0) {
            String info = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("the database URL names no host");
        }
        return new DatabaseUrl(Dialect.POSTGRESQL, "jdbc:postgresql://" + authority + path,
                user == null || user.isEmpty() ? null : user, password);
    }

    /** Percent-decoding of URL user info ({@code +} stays a plus). */
    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("the database URL has a malformed %-escape in its user info");
                }
                try {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("the database URL has a malformed %-escape in its user info");
                }
                i += 2;
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A description fit for logs: the JDBC URL without any password, and the user. */
    public String redacted() {
        String url = jdbcUrl.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
        return user == null ? url : url + " (user " + user + ")";
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + dialect + ", " + redacted() + "]";
    }
}
