package io.xshathra.server.logging;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The server's logging: an SLF4J provider that writes one line per event to standard output,
 * {@code HH:mm:ss.SSS LEVEL [thread] logger - message}, with the stack trace of an exception
 * after it. The root level is INFO until {@link #setLevel} changes it ({@code log.level}); a
 * logger can have a level of its own. A full logging framework would load some 400 classes
 * (pattern parser, configurator, time-zone rules) into every server for these few lines.
 *
 * <p>Registered as the class path's SLF4J provider (a {@code META-INF/services} file); thread-safe.
 */
public final class ConsoleLogging implements SLF4JServiceProvider, ILoggerFactory {

    /** The level a logger without one of its own takes; {@code null} level means off. */
    private static volatile Level root = Level.INFO;
    private static final Map<String, Level> OWN = new ConcurrentHashMap<>();
    private static final Map<String, ConsoleLogger> LOGGERS = new ConcurrentHashMap<>();
    private static final LogLine LINE = new LogLine(System.out);

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /**
     * Sets the level of every logger without one of its own.
     *
     * @param level one of {@code none, trace, debug, info, warn, error} (case-insensitive);
     *              anything else is INFO
     */
    public static void setRootLevel(String level) {
        root = parse(level);
        LOGGERS.values().forEach(ConsoleLogging::refresh);
    }

    /** Gives {@code name} (and the loggers below it) a level of its own; {@code null} removes it. */
    public static void setLevel(String name, String level) {
        if (level == null) {
            OWN.remove(name);
        } else {
            OWN.put(name, parse(level) == null ? Level.ERROR : parse(level));
        }
        LOGGERS.values().forEach(ConsoleLogging::refresh);
    }

    /** The effective threshold of {@code name}: its own level, its nearest parent's, or the root's. */
    static Level effective(String name) {
        for (String n = name; !n.isEmpty(); n = parent(n)) {
            Level own = OWN.get(n);
            if (own != null) {
                return own;
            }
        }
        return root;
    }

    private static String parent(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(0, dot);
    }

    private static Level parse(String level) {
        String l = level.toLowerCase(Locale.ROOT);
        if (l.equals("none") || l.equals("off")) {
            return null;
        }
        for (Level candidate : Level.values()) {
            if (candidate.name().equalsIgnoreCase(l)) {
                return candidate;
            }
        }
        return Level.INFO;
    }

    private static void refresh(ConsoleLogger logger) {
        logger.threshold(effective(logger.getName()));
    }

    @Override
    public Logger getLogger(String name) {
        return LOGGERS.computeIfAbsent(name, n -> new ConsoleLogger(n, LINE, effective(n)));
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return this;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // Nothing to read: levels come from the server's configuration.
    }

    /** For tests: a logger writing to {@code out}, at {@code level}. */
    static ConsoleLogger logger(String name, PrintStream out, Level level) {
        return new ConsoleLogger(name, new LogLine(out), level);
    }
}
