package io.xshathra.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

class ConsoleLoggingTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @AfterEach
    void defaults() {
        ConsoleLogging.setRootLevel("info");
        ConsoleLogging.setLevel("com.zaxxer.hikari", null);
    }

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneLinePerEventWithTimeLevelThreadShortenedLoggerAndMessage() {
        Logger log = ConsoleLogging.logger("io.xshathra.server.warmup.MemorySettle", out, Level.INFO);
        log.info("heap {} -> {} MiB", 96, 24);
        log.warn("plain");
        String[] lines = written().split(System.lineSeparator());
        assertThat(lines).hasSize(2);
        String thread = Thread.currentThread().getName();
        assertThat(lines[0]).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[" + thread
                + "\\] i\\.x\\.s\\.w\\.MemorySettle - heap 96 -> 24 MiB");
        assertThat(lines[1]).endsWith(" WARN  [" + thread + "] i.x.s.w.MemorySettle - plain");
    }

    @Test
    void loggerNamesAreShortenedFromTheLeftUntilTheyFit() {
        assertThat(abbreviated("io.xshathra.Short")).isEqualTo("io.xshathra.Short");
        assertThat(abbreviated("com.zaxxer.hikari.HikariDataSource")).isEqualTo("c.z.h.HikariDataSource");
        assertThat(abbreviated("io.xshathra.server.EngineLauncher")).isEqualTo("i.x.s.EngineLauncher");
        assertThat(abbreviated("ALongClassNameWithoutAnyPackageAtAll")).isEqualTo("ALongClassNameWithoutAnyPackageAtAll");
        assertThat(abbreviated("a.b.ALongClassNameWithoutMuchOfAPackage")).isEqualTo("a.b.ALongClassNameWithoutMuchOfAPackage");
    }

    private static String abbreviated(String name) {
        StringBuilder b = new StringBuilder();
        LogLine.abbreviate(b, name);
        return b.toString();
    }

    @Test
    void theTimeIsLocalHoursMinutesSecondsAndMillis() {
        long millis = 1_764_950_400_123L + 7 * 3_600_000L + 5 * 60_000L + 9_000L;
        StringBuilder b = new StringBuilder();
        LogLine.time(b, millis);
        String expected = LocalTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault())
                .format(DateTimeFormatter.ofPattern("HH:mm:ss.SSS"));
        assertThat(b).hasToString(expected);
    }

    @Test
    void levelsBelowTheThresholdAreNotWrittenAndNoneWritesNothing() {
        ConsoleLogger log = ConsoleLogging.logger("x.Y", out, Level.INFO);
        assertThat(log.isDebugEnabled()).isFalse();
        log.debug("hidden {}", 1);
        log.info("shown");
        log.threshold(null);
        log.error("off");
        assertThat(log.isErrorEnabled()).isFalse();
        assertThat(written()).doesNotContain("hidden").contains("shown").doesNotContain("off");
    }

    @Test
    void anExceptionIsFollowedByItsStackTrace() {
        Logger log = ConsoleLogging.logger("x.Y", out, Level.INFO);
        log.error("{} failed", "serve", new IllegalStateException("boom"));
        assertThat(written()).contains("ERROR [").contains("x.Y - serve failed" + System.lineSeparator()
                + "java.lang.IllegalStateException: boom").contains("\tat ");
    }

    @Test
    void theRootLevelAndALoggersOwnLevelApplyToExistingLoggersAndTheirChildren() {
        ConsoleLogging provider = new ConsoleLogging();
        Logger pool = provider.getLogger("com.zaxxer.hikari.pool.HikariPool");
        Logger ours = provider.getLogger("io.xshathra.server.EngineLauncher");
        assertThat(provider.getLogger("io.xshathra.server.EngineLauncher")).isSameAs(ours);
        assertThat(ours.isInfoEnabled()).isTrue();
        assertThat(ours.isDebugEnabled()).isFalse();
        ConsoleLogging.setLevel("com.zaxxer.hikari", "warn");
        assertThat(pool.isInfoEnabled()).isFalse();
        assertThat(pool.isWarnEnabled()).isTrue();
        ConsoleLogging.setRootLevel("debug");
        assertThat(ours.isDebugEnabled()).isTrue();
        assertThat(pool.isInfoEnabled()).isFalse();
        ConsoleLogging.setLevel("com.zaxxer.hikari", null);
        assertThat(pool.isDebugEnabled()).isTrue();
        ConsoleLogging.setRootLevel("NONE");
        assertThat(ours.isErrorEnabled()).isFalse();
        ConsoleLogging.setRootLevel("error");
        assertThat(ours.isErrorEnabled()).isTrue();
        assertThat(ours.isWarnEnabled()).isFalse();
    }
}
