package io.xshathra.bench.host;

import java.nio.file.Path;

/**
 * The measured server's process, read from {@code /proc/<pid>}: resident memory and CPU time.
 *
 * @param pid  the process id
 * @param proc the procfs root ({@code /proc}; tests pass a folder of samples)
 */
public record ServerProcess(long pid, Path proc) {

    /** The process in the real {@code /proc}. */
    public static ServerProcess of(long pid) {
        return new ServerProcess(pid, Path.of("/proc"));
    }

    /** Whether {@code /proc/<pid>} can be read. */
    public boolean exists() {
        return ProcFiles.read(dir().resolve("status")) != null;
    }

    /** VmRSS in KiB. */
    public long residentKb() {
        return ProcFiles.residentKb(text("status"));
    }

    /** utime + stime in clock ticks ({@link ProcFiles#USER_HZ} per second). */
    public long cpuTicks() {
        return ProcFiles.cpuTicks(text("stat"));
    }

    /** Its open-files limit. */
    public ProcFiles.Limit openFiles() {
        return ProcFiles.openFiles(text("limits"));
    }

    private Path dir() {
        return proc.resolve(Long.toString(pid));
    }

    private String text(String file) {
        String s = ProcFiles.read(dir().resolve(file));
        if (s == null) {
            throw new IllegalStateException("cannot read " + dir().resolve(file) + " (has the server exited?)");
        }
        return s;
    }

    /** A CPU/memory sample. */
    public record Sample(long nanos, long ticks, long rssKb) {
        /** Percent of one core used between {@code earlier} and this sample. */
        public double cpuPercentSince(Sample earlier) {
            double seconds = (nanos - earlier.nanos) / 1e9;
            if (seconds <= 0) {
                return 0;
            }
            return 100.0 * (ticks - earlier.ticks) / ProcFiles.USER_HZ / seconds;
        }
    }

    /** Samples CPU and memory now. */
    public Sample sample() {
        return new Sample(System.nanoTime(), cpuTicks(), residentKb());
    }
}
