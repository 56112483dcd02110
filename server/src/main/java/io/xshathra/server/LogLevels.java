package io.xshathra.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/** Applies {@code log.level} to Logback's root logger. */
public final class LogLevels {

    private LogLevels() {
    }

    /**
     * @param level one of {@code none, trace, debug, info, warn, error} (already validated)
     */
    public static void apply(String level) {
        org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof Logger) {
            String l = level.toLowerCase(Locale.ROOT);
            ((Logger) root).setLevel(l.equals("none") ? Level.OFF : Level.toLevel(l, Level.INFO));
        }
    }
}
