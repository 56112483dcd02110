package io.xshathra.server;

import io.xshathra.server.logging.ConsoleLogging;
import java.util.Locale;

/**
 * Applies {@code log.level} to the server's logging. At {@code info}, the connection pool's own
 * start-up chatter is held to warnings: the server's ready block says what matters; {@code debug}
 * shows everything.
 */
public final class LogLevels {

    /** Loggers that speak at info level about their own start-up. */
    private static final String[] QUIET_LIBRARIES = {"com.zaxxer.hikari"};

    private LogLevels() {
    }

    /**
     * @param level one of {@code none, trace, debug, info, warn, error} (already validated)
     */
    public static void apply(String level) {
        String l = level.toLowerCase(Locale.ROOT);
        ConsoleLogging.setRootLevel(l);
        String libraries = l.equals("info") ? "warn" : null;
        for (String name : QUIET_LIBRARIES) {
            ConsoleLogging.setLevel(name, libraries);
        }
    }
}
