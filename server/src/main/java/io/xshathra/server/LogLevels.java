package io.xshathra.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log.level} to Logback's root logger. At {@code info} and above, the connection
 * pool's and the migration tool's own start-up chatter is held to warnings: the server's ready
 * block says what matters; {@code debug} shows everything.
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
        org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof Logger) {
            String l = level.toLowerCase(Locale.ROOT);
            Level chosen = l.equals("none") ? Level.OFF : Level.toLevel(l, Level.INFO);
            ((Logger) root).setLevel(chosen);
            Level libraries = chosen.isGreaterOrEqual(Level.INFO) && chosen.levelInt < Level.WARN_INT ? Level.WARN : null;
            for (String name : QUIET_LIBRARIES) {
                ((Logger) LoggerFactory.getLogger(name)).setLevel(libraries);
            }
        }
    }
}
