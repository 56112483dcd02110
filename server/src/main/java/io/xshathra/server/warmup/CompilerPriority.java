package io.xshathra.server.warmup;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority (Linux nice value) of the JVM's JIT compiler threads, so that
 * compiling delays the requests on a shared CPU less; by default only once the server shows that
 * it has CPU to spare ({@link #lowerOnceIdle}).
 *
 * <p>Why: for the first minute or two after start, a server that serves a moderate rate is still
 * compiling the paths a publication takes (each runs a hundred times a second, and the compiler
 * waits for thousands of runs). On a CPU shared with the event loops, and with Redis or another
 * node beside it, the scheduler lets a compiler thread it picks run for a whole time slice (a few
 * milliseconds) while a woken event loop waits, and the event loop gives the CPU to its neighbours
 * between the write slices of a long fan-out ({@code FlushBatch}), which hands it to the compiler
 * as well. At a lower priority the compiler mostly takes the time the loops leave idle, and still
 * some share of a saturated CPU (against one busy thread at nice 0: about 3 % at nice 15, 1.5 % at
 * nice 19).
 *
 * <p>When: that share is too small when the load is there from the start. A server restarted into
 * 100,000 deliveries/s on one core that load saturates before compilation still used all of it
 * 15-25 s after start at nice 15 (85-87 % at nice 5 and 10, 67 % at nice 0, its compiled cost)
 * and took between 40 and 160 s to reach its compiled speed. A priority lowered without privilege
 * cannot be raised again. So by default ({@value #NICE_PROPERTY} unset) the server watches its own
 * CPU time after start, without the compiler's: once its threads have used under half of the CPUs
 * it may use, with those CPUs at least 30 % idle (counting every process, from {@code /proc/stat}),
 * for {@value #QUIET_WINDOWS} seconds in a row, the compiler gets nice
 * {@value #AUTO_NICE}; a server that stays busier for {@value #WATCH_MINUTES} minutes keeps the
 * compiler's priority. {@value #NICE_PROPERTY}{@code =N} instead applies N at the end of the
 * start-up warm-up (0: never).
 *
 * <p>How: the compiler threads are found by name in {@code /proc/self/task}, and {@code renice}
 * changes them (lowering one's own priority needs no privilege). A compiler thread the JVM adds
 * later inherits the value from the compiler thread that starts it. Their CPU time is read from
 * {@code /proc/self/task/<tid>/schedstat}. Anything missing (not Linux, no {@code renice}) leaves
 * the priorities as they are, with a debug line. The JVM's own {@code -XX:CompilerThreadPriority}
 * needs {@code -XX:ThreadPriorityPolicy=1}, which prints a warning at every start when the user is
 * not root.
 */
public final class CompilerPriority {
    /**
     * The system property that sets the nice value applied at the end of the warm-up (0 leaves the
     * compiler's priority alone); unset, {@value #AUTO_NICE} once the server has CPU to spare.
     */
    public static final String NICE_PROPERTY = "xshathra.compiler.nice";
    /** What {@link #configured()} gives when the property is unset: lower it once idle. */
    public static final int ONCE_IDLE = -1;
    /** The nice value the compiler gets once the server has CPU to spare. */
    public static final int AUTO_NICE = 15;
    /**
     * Seconds in a row the server must leave half of its CPUs idle. Not fewer: the clients of a
     * restarted server come back over several seconds (their reconnect delays grow while it is
     * down), so the first quiet seconds after start do not show the load to come.
     */
    static final int QUIET_WINDOWS = 10;
    /** The most the server's own threads may use of the CPUs it may run on, in a quiet second. */
    static final double QUIET_SHARE = 0.5;
    /** The least idle share of the CPUs it may run on (all processes counted), in a quiet second. */
    static final double QUIET_IDLE = 0.3;
    /** How long after start the server keeps watching before it leaves the priority as it is. */
    static final int WATCH_MINUTES = 10;
    private static final long WINDOW_NANOS = 1_000_000_000L;
    /** The lowest priority Linux has. */
    private static final int MAX_NICE = 19;
    private static final Logger LOG = LoggerFactory.getLogger(CompilerPriority.class);
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Thread names as the kernel keeps them (15 characters). */
    private static final List<String> COMPILER_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre");
    private static final long RENICE_TIMEOUT_SECONDS = 5;

    private CompilerPriority() {
    }

    /**
     * The nice value {@value #NICE_PROPERTY} asks for at the end of the warm-up (0 to 19), or
     * {@link #ONCE_IDLE} when it is unset or not a number.
     */
    public static int configured() {
        Integer n = Integer.getInteger(NICE_PROPERTY);
        return n == null ? ONCE_IDLE : Math.max(0, Math.min(MAX_NICE, n));
    }

    /**
     * Watches this process's CPU time, without the compiler threads', once a second on
     * {@code scheduler}, and gives the compiler threads {@code nice} once the rest has used under
     * {@link #QUIET_SHARE} of the available CPUs, with those CPUs at least {@link #QUIET_IDLE}
     * idle, for {@link #QUIET_WINDOWS} seconds in a row;
     * stops watching after {@link #WATCH_MINUTES} minutes. Does nothing where the process's CPU
     * time cannot be read.
     */
    public static void lowerOnceIdle(ScheduledExecutorService scheduler, int nice) {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
                || os.getProcessCpuTime() < 0 || !Files.isDirectory(TASKS)) {
            LOG.debug("compiler priority left as it is: this process's CPU time cannot be read");
            return;
        }
        new IdleWatch(new CpuClock() {
            @Override
            public long processNanos() {
                return os.getProcessCpuTime();
            }

            @Override
            public long compilerNanos() {
                return compilerCpuNanos();
            }

            @Override
            public CpuTicks cpuTicks() {
                return allowedCpuTicks();
            }
        }, Runtime.getRuntime().availableProcessors(), () -> LOG.debug("compiler threads at nice {}: {}", nice,
                lower(nice)), watch -> scheduler.schedule(watch, WINDOW_NANOS, TimeUnit.NANOSECONDS)).start();
    }

    /** Where {@link IdleWatch} reads CPU time, in nanoseconds. */
    interface CpuClock {
        /** This process's CPU time. */
        long processNanos();

        /** The compiler threads' CPU time. */
        long compilerNanos();

        /** Idle and total time of the CPUs this process may run on ({@link CpuTicks#UNKNOWN} where unknown). */
        CpuTicks cpuTicks();

        /** Elapsed time ({@link System#nanoTime()}). */
        default long wallNanos() {
            return System.nanoTime();
        }
    }

    /**
     * Idle and total time of some CPUs since boot, in the kernel's ticks ({@code /proc/stat}).
     */
    record CpuTicks(long idle, long total) {
        static final CpuTicks UNKNOWN = new CpuTicks(0, 0);
    }

    /**
     * The decision of {@link #lowerOnceIdle}: one reading a second, on the scheduler's thread
     * only; it schedules itself again until it has lowered the priority or given up.
     */
    static final class IdleWatch implements Runnable {
        private final CpuClock clock;
        private final int cpus;
        private final Runnable lower;
        private final Consumer<Runnable> again;
        private long giveUpAt;
        private long process;
        private long compiler;
        private long wall;
        private CpuTicks ticks;
        private int quiet;

        /**
         * @param lower runs once, when the server has had CPU to spare
         * @param again runs this watch again a second later
         */
        IdleWatch(CpuClock clock, int cpus, Runnable lower, Consumer<Runnable> again) {
            this.clock = clock;
            this.cpus = Math.max(1, cpus);
            this.lower = lower;
            this.again = again;
        }

        void start() {
            wall = clock.wallNanos();
            giveUpAt = wall + TimeUnit.MINUTES.toNanos(WATCH_MINUTES);
            process = clock.processNanos();
            compiler = clock.compilerNanos();
            ticks = clock.cpuTicks();
            next();
        }

        @Override
        public void run() {
            long w = clock.wallNanos();
            long p = clock.processNanos();
            long c = clock.compilerNanos();
            // A compiler thread that ended takes its time out of the sum: that second, the
            // compilers' time counts as the server's own (a busier reading, never a quieter one).
            long used = Math.max(0, (p - process) - Math.max(0, c - compiler));
            double share = (double) used / ((double) Math.max(1, w - wall) * cpus);
            // The CPUs' own idle time as well: a light server beside busy neighbours has no CPU
            // to spare, and a compiler at a low priority would get almost none of it.
            CpuTicks t = clock.cpuTicks();
            long total = t.total() - ticks.total();
            double idle = total > 0 ? (double) (t.idle() - ticks.idle()) / total : 1.0;
            wall = w;
            process = p;
            compiler = c;
            ticks = t;
            quiet = share < QUIET_SHARE && idle >= QUIET_IDLE ? quiet + 1 : 0;
            if (quiet >= QUIET_WINDOWS) {
                lower.run();
            } else if (w - giveUpAt >= 0) {
                LOG.debug("compiler priority left as it is: the server stayed busy for {} minutes", WATCH_MINUTES);
            } else {
                next();
            }
        }

        private void next() {
            try {
                again.accept(this);
            } catch (RejectedExecutionException e) {
                // The server is stopping.
            }
        }
    }

    /**
     * Gives the compiler threads of this JVM the nice value {@code nice} (at most 19; 0 or less
     * does nothing).
     *
     * @return how many threads were changed; 0 when none could be (never throws)
     */
    public static int lower(int nice) {
        if (nice <= 0) {
            return 0;
        }
        List<String> tids = compilerThreads();
        if (tids.isEmpty()) {
            LOG.debug("compiler priority left as it is: no compiler threads found in {}", TASKS);
            return 0;
        }
        List<String> command = new ArrayList<>(
                List.of("renice", "-n", Integer.toString(Math.min(nice, MAX_NICE)), "-p"));
        command.addAll(tids);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(RENICE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.debug("compiler priority left as it is: renice did not finish");
                return 0;
            }
            if (p.exitValue() != 0) {
                LOG.debug("compiler priority left as it is: renice exited with {}", p.exitValue());
                return 0;
            }
            return tids.size();
        } catch (IOException e) {
            LOG.debug("compiler priority left as it is: {}", e.toString());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The kernel thread ids of this JVM's compiler threads; empty where there is no /proc. */
    static List<String> compilerThreads() {
        List<String> tids = new ArrayList<>();
        if (!Files.isDirectory(TASKS)) {
            return tids;
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                if (COMPILER_THREADS.contains(name(task))) {
                    tids.add(task.getFileName().toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not list {}: {}", TASKS, e.toString());
        }
        return tids;
    }

    /** The compiler threads' CPU time, from their {@code schedstat} (0 for one that cannot be read). */
    static long compilerCpuNanos() {
        long sum = 0;
        for (String tid : compilerThreads()) {
            try {
                String stat = Files.readString(TASKS.resolve(tid).resolve("schedstat"), StandardCharsets.US_ASCII);
                int end = stat.indexOf(' ');
                sum += Long.parseLong(end < 0 ? stat.strip() : stat.substring(0, end));
            } catch (IOException | RuntimeException e) {
                // Ended since it was listed, or no schedstat: counted as the process's own time.
            }
        }
        return sum;
    }

    /**
     * Idle and total ticks of the CPUs in this process's {@code Cpus_allowed_list}, from
     * {@code /proc/stat}; {@link CpuTicks#UNKNOWN} when either cannot be read.
     */
    static CpuTicks allowedCpuTicks() {
        try {
            BitSet allowed = new BitSet();
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    for (String range : line.substring(line.indexOf(':') + 1).strip().split(",")) {
                        String[] ends = range.split("-");
                        int from = Integer.parseInt(ends[0].strip());
                        allowed.set(from, Integer.parseInt(ends[ends.length - 1].strip()) + 1);
                    }
                }
            }
            long idle = 0;
            long total = 0;
            for (String line : Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII)) {
                if (!line.startsWith("cpu") || line.startsWith("cpu ") || !Character.isDigit(line.charAt(3))) {
                    continue;
                }
                String[] f = line.split("\\s+");
                if (!allowed.get(Integer.parseInt(f[0].substring(3)))) {
                    continue;
                }
                // user nice system idle iowait irq softirq steal (guest time is already in user)
                for (int i = 1; i <= 8 && i < f.length; i++) {
                    long v = Long.parseLong(f[i]);
                    total += v;
                    if (i == 4 || i == 5) {
                        idle += v;
                    }
                }
            }
            return new CpuTicks(idle, total);
        } catch (IOException | RuntimeException e) {
            return CpuTicks.UNKNOWN;
        }
    }

    /** A thread's name, or "" once it has ended. */
    private static String name(Path task) {
        try {
            return Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
