package io.xshathra.server.warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority (Linux nice value) of the JVM's JIT compiler threads once start-up
 * is over, so that compiling delays the requests on a shared CPU less.
 *
 * <p>Why: for the first minute or two after start, a server that serves a moderate rate is still
 * compiling the paths a publication takes (each runs a hundred times a second, and the compiler
 * waits for thousands of runs). On a CPU shared with the event loops, and with Redis or another
 * node beside it, a compilation that holds the CPU for its time slice makes the loop wait for it,
 * and the event loop gives the CPU to its neighbours between the write slices of a long fan-out
 * ({@code FlushBatch}), which without this would hand it to the compiler as well. At a lower
 * priority the compiler mostly takes the time the loops leave idle, and still some share of a
 * saturated CPU (against one busy thread at nice 0: about 3 % at nice 15, 1.5 % at nice 19).
 *
 * <p>Off by default ({@value #DEFAULT_NICE}), because that share is too small when the load is there
 * from the start: a server restarted into 100,000 deliveries/s on one core that load saturates
 * before compilation still used all of it 15-25 s after start at nice 15 (85-87 % at nice 5 and
 * 10, 67 % at nice 0, its compiled cost) and took between 40 and 160 s to reach its compiled speed.
 * What nice 15 buys is a lower fan-out p99 in the first minute on a core shared with Redis and
 * another node: 13.6-15.8 ms against 21.6-21.8 ms at 100 publications/s in Redis mode (two rounds
 * each). A priority lowered without privilege cannot be raised again, so it is a choice for the
 * process's life: {@value #NICE_PROPERTY} for deployments whose load ramps up.
 *
 * <p>How: the compiler threads are found by name in {@code /proc/self/task}, and {@code renice}
 * changes them (lowering one's own priority needs no privilege). A compiler thread the JVM adds
 * later inherits the value from the compiler thread that starts it. Anything missing (not Linux, no
 * {@code renice}) leaves the priorities as they are, with a debug line. The JVM's own
 * {@code -XX:CompilerThreadPriority} needs {@code -XX:ThreadPriorityPolicy=1}, which prints a
 * warning at every start when the user is not root.
 */
public final class CompilerPriority {
    /** The system property that sets the nice value; 0 leaves the compiler's priority alone. */
    public static final String NICE_PROPERTY = "xshathra.compiler.nice";
    /** None: the JVM's own priorities (see the class comment). */
    public static final int DEFAULT_NICE = 0;
    /** The lowest priority Linux has. */
    private static final int MAX_NICE = 19;
    private static final Logger LOG = LoggerFactory.getLogger(CompilerPriority.class);
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Thread names as the kernel keeps them (15 characters). */
    private static final List<String> COMPILER_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre");
    private static final long RENICE_TIMEOUT_SECONDS = 5;

    private CompilerPriority() {
    }

    /** The nice value the server applies: {@value #NICE_PROPERTY}, or {@value #DEFAULT_NICE}. */
    public static int configured() {
        return Math.max(0, Math.min(MAX_NICE, Integer.getInteger(NICE_PROPERTY, DEFAULT_NICE)));
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

    /** A thread's name, or "" once it has ended. */
    private static String name(Path task) {
        try {
            return Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
