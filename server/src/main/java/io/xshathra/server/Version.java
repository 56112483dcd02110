package io.xshathra.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The product version, from a resource the build fills in. */
public final class Version {

    private static final String VERSION = load();

    private Version() {
    }

    /** E.g. {@code 0.1.0}. */
    public static String number() {
        return VERSION;
    }

    /** E.g. {@code Xshathra Realtime 0.1.0 (Centrifugo protocol compatible)}. */
    public static String banner() {
        return "Xshathra Realtime " + VERSION + " (Centrifugo protocol compatible)";
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
