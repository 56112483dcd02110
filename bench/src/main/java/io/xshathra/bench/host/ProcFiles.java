package io.xshathra.bench.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parsers for the few Linux {@code /proc} files the bench reads. The parsers take the file's
 * text so tests can feed them samples; {@link #read} reads a real file.
 */
public final class ProcFiles {
    /** Clock ticks per second in {@code /proc/<pid>/stat}; USER_HZ is 100 on every Linux ABI. */
    public static final int USER_HZ = 100;

    private ProcFiles() {
    }

    /** A soft and hard resource limit ({@link Long#MAX_VALUE} for unlimited). */
    public record Limit(long soft, long hard) {
    }

    /** An inclusive port range. */
    public record PortRange(int low, int high) {
        /** How many ports the range holds. */
        public int size() {
            return high - low + 1;
        }
    }

    /**
     * Reads a file as text, or null when it does not exist or cannot be read. Streams it: procfs
     * files report size 0, and size-based reads of some of them return truncated text.
     */
    public static String read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** The "Max open files" line of a {@code /proc/<pid>/limits} text. */
    public static Limit openFiles(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] cols = line.substring("Max open files".length()).trim().split("\\s+");
                return new Limit(number(cols[0]), number(cols[1]));
            }
        }
        throw new IllegalArgumentException("no 'Max open files' line");
    }

    private static long number(String s) {
        return "unlimited".equals(s) ? Long.MAX_VALUE : Long.parseLong(s);
    }

    /** The text of {@code /proc/sys/net/ipv4/ip_local_port_range}: two numbers. */
    public static PortRange portRange(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected two numbers, got: " + text.trim());
        }
        return new PortRange(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    /** {@code VmRSS} of a {@code /proc/<pid>/status} text, in KiB. */
    public static long residentKb(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] cols = line.substring(6).trim().split("\\s+");
                return Long.parseLong(cols[0]);
            }
        }
        throw new IllegalArgumentException("no VmRSS line (is it a kernel thread or a zombie?)");
    }

    /**
     * Busy clock ticks of all CPUs together from the first line of {@code /proc/stat}: every
     * column except idle and iowait.
     */
    public static long busyTicks(String stat) {
        String first = stat.substring(0, stat.indexOf('\n') < 0 ? stat.length() : stat.indexOf('\n'));
        String[] f = first.trim().split("\\s+");
        if (!"cpu".equals(f[0])) {
            throw new IllegalArgumentException("not a /proc/stat text");
        }
        long busy = 0;
        // user nice system idle iowait irq softirq steal (guest time is already in user).
        for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }

    /**
     * {@code utime + stime} of a {@code /proc/<pid>/stat} text, in clock ticks. The command name
     * in parentheses may contain spaces and parentheses, so fields are counted after the last
     * {@code ')'}: utime and stime are fields 14 and 15.
     */
    public static long cpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a stat line");
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state), so field n is f[n - 3].
        return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
    }
}
