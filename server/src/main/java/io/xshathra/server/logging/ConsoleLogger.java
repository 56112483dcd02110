package io.xshathra.server.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** One named logger of {@link ConsoleLogging}; its threshold is kept current by the factory. */
final class ConsoleLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    /** Above every level: nothing is logged. */
    private static final int OFF = Integer.MAX_VALUE;

    private final transient LogLine line;
    private volatile int threshold;

    ConsoleLogger(String name, LogLine line, Level level) {
        this.name = name;
        this.line = line;
        threshold(level);
    }

    /** {@code null}: off. */
    void threshold(Level level) {
        threshold = level == null ? OFF : level.toInt();
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
            Throwable throwable) {
        // AbstractLogger has already taken a trailing exception out of the arguments.
        String message = arguments == null || arguments.length == 0 ? messagePattern
                : MessageFormatter.basicArrayFormat(messagePattern, arguments);
        line.write(level, Thread.currentThread().getName(), name, message, throwable);
    }
}
