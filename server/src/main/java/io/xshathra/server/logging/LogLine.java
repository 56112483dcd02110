package io.xshathra.server.logging;

import java.io.PrintStream;
import java.util.TimeZone;
import org.slf4j.event.Level;

/**
 * Formats and writes one event: {@code HH:mm:ss.SSS LEVEL [thread] logger - message}, the level
 * padded to five characters, the logger's package names shortened to their first letter from the
 * left until the name fits in {@value #NAME_WIDTH} characters (the class name is kept whole),
 * then the exception's stack trace if any. The time is local, as the JVM's default time zone
 * says. One event is one write under the stream's lock, so lines of concurrent events do not mix.
 */
final class LogLine {
    static final int NAME_WIDTH = 24;
    private static final TimeZone ZONE = TimeZone.getDefault();

    private final PrintStream out;

    LogLine(PrintStream out) {
        this.out = out;
    }

    void write(Level level, String thread, String logger, String message, Throwable t) {
        StringBuilder b = new StringBuilder(64 + (message == null ? 4 : message.length()));
        time(b, System.currentTimeMillis());
        b.append(' ').append(level.name());
        for (int i = level.name().length(); i < 5; i++) {
            b.append(' ');
        }
        b.append(" [").append(thread).append("] ");
        abbreviate(b, logger);
        b.append(" - ").append(message).append(System.lineSeparator());
        synchronized (out) {
            out.print(b);
            if (t != null) {
                t.printStackTrace(out);
            }
            out.flush();
        }
    }

    static void time(StringBuilder b, long millis) {
        long local = millis + ZONE.getOffset(millis);
        long msOfDay = Math.floorMod(local, 86_400_000L);
        two(b, msOfDay / 3_600_000).append(':');
        two(b, msOfDay / 60_000 % 60).append(':');
        two(b, msOfDay / 1000 % 60).append('.');
        long ms = msOfDay % 1000;
        b.append(ms < 100 ? (ms < 10 ? "00" : "0") : "").append(ms);
    }

    private static StringBuilder two(StringBuilder b, long v) {
        return b.append(v < 10 ? "0" : "").append(v);
    }

    /** {@code io.xshathra.server.warmup.MemorySettle} becomes {@code i.x.s.w.MemorySettle}. */
    static void abbreviate(StringBuilder b, String name) {
        if (name.length() <= NAME_WIDTH) {
            b.append(name);
            return;
        }
        int lastDot = name.lastIndexOf('.');
        int length = name.length();
        int start = 0;
        while (start < lastDot && length > NAME_WIDTH) {
            int dot = name.indexOf('.', start);
            b.append(name.charAt(start)).append('.');
            length -= dot - start - 1;
            start = dot + 1;
        }
        b.append(name, start, name.length());
    }
}
