package io.xshathra.server.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CompilerPriorityTest {

    /** Run in a JVM of its own, so this test's JVM keeps its compiler's priority. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            if (args[0].equals("once-idle")) {
                CompilerPriority.lowerOnceIdle(Executors.newSingleThreadScheduledExecutor(), 17);
                System.out.println("watching");
            } else {
                System.out.println("changed " + CompilerPriority.lower(Integer.parseInt(args[0])));
            }
            System.out.flush();
            System.in.read();
            System.exit(0);
        }
    }

    /** CPU readings the test sets, in seconds. */
    private static final class Readings implements CompilerPriority.CpuClock {
        double wall;
        double process;
        double compiler;
        /** The CPUs' idle share in the next second. */
        double idleShare = 1;
        long idleTicks;
        long totalTicks;

        @Override
        public long processNanos() {
            return (long) (process * 1e9);
        }

        @Override
        public long compilerNanos() {
            return (long) (compiler * 1e9);
        }

        @Override
        public CompilerPriority.CpuTicks cpuTicks() {
            return new CompilerPriority.CpuTicks(idleTicks, totalTicks);
        }

        @Override
        public long wallNanos() {
            return (long) (wall * 1e9);
        }
    }

    /** A watch over fed readings on some CPUs, with its decisions and its next runs counted. */
    private static final class Watched {
        final Readings r = new Readings();
        final AtomicInteger lowered = new AtomicInteger();
        final List<Runnable> scheduled = new ArrayList<>();
        final CompilerPriority.IdleWatch w;

        Watched(int cpus) {
            w = new CompilerPriority.IdleWatch(r, cpus, lowered::incrementAndGet, scheduled::add);
            w.start();
        }

        /** {@code n} seconds, each as {@link #second}. */
        void seconds(int n, double process, double compiler) {
            for (int i = 0; i < n; i++) {
                second(process, compiler);
            }
        }

        /** One second later, the process having used {@code process} more seconds, {@code compiler} of them compiling. */
        void second(double process, double compiler) {
            r.wall += 1;
            r.process += process;
            r.compiler += compiler;
            r.totalTicks += 100;
            r.idleTicks += Math.round(100 * r.idleShare);
            w.run();
        }
    }

    @Test
    void lowersAfterEnoughSecondsInARowUnderHalfTheCpu() {
        Watched x = new Watched(1);
        for (int i = 1; i < CompilerPriority.QUIET_WINDOWS; i++) {
            x.second(i % 2 == 0 ? 0.45 : 0.2, 0);
        }
        assertThat(x.lowered).hasValue(0);
        x.second(0.3, 0);
        assertThat(x.lowered).hasValue(1);
        assertThat(x.scheduled).as("the start and each second before the decision schedule a next one")
                .hasSize(CompilerPriority.QUIET_WINDOWS);
    }

    @Test
    void aBusySecondStartsTheCountAgain() {
        Watched x = new Watched(1);
        x.seconds(CompilerPriority.QUIET_WINDOWS - 1, 0.2, 0);
        x.second(0.9, 0);
        x.seconds(CompilerPriority.QUIET_WINDOWS - 1, 0.2, 0);
        assertThat(x.lowered).hasValue(0);
        x.second(0.2, 0);
        assertThat(x.lowered).hasValue(1);
    }

    @Test
    void theCompilersOwnTimeDoesNotCountAndTheShareIsOfEveryAvailableCpu() {
        Watched compiling = new Watched(2);
        compiling.seconds(CompilerPriority.QUIET_WINDOWS, 1.9, 1.2); // 0.7 of two CPUs
        assertThat(compiling.lowered).hasValue(1);
        Watched busy = new Watched(2);
        busy.seconds(2 * CompilerPriority.QUIET_WINDOWS, 1.5, 0.4); // 1.1 of two CPUs
        assertThat(busy.lowered).hasValue(0);
    }

    @Test
    void aLightServerOnCpusItsNeighboursKeepBusyKeepsItsCompilersPriority() {
        Watched x = new Watched(1);
        x.r.idleShare = 0.1;
        x.seconds(2 * CompilerPriority.QUIET_WINDOWS, 0.3, 0);
        assertThat(x.lowered).hasValue(0);
        x.r.idleShare = 0.4;
        x.seconds(CompilerPriority.QUIET_WINDOWS, 0.3, 0);
        assertThat(x.lowered).hasValue(1);
    }

    @Test
    void readsTheIdleTimeOfTheCpusItMayRunOn() {
        assumeTrue(Files.isRegularFile(Path.of("/proc/stat")), "Linux only");
        CompilerPriority.CpuTicks ticks = CompilerPriority.allowedCpuTicks();
        assertThat(ticks.total()).isPositive();
        assertThat(ticks.idle()).isBetween(0L, ticks.total());
    }

    @Test
    void aServerBusyForTenMinutesKeepsItsCompilersPriority() {
        Watched x = new Watched(1);
        int seconds = CompilerPriority.WATCH_MINUTES * 60;
        x.seconds(seconds - 1, 0.95, 0.1);
        assertThat(x.scheduled).as("the start and every second but the last schedule a next one").hasSize(seconds);
        x.second(0.95, 0.1);
        assertThat(x.scheduled).as("no run after the ten minutes").hasSize(seconds);
        assertThat(x.lowered).hasValue(0);
    }

    @Test
    void anIdleServerLowersItsCompilerItself() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        Process child = child("once-idle", "watching");
        try {
            long deadline = System.nanoTime() + (CompilerPriority.QUIET_WINDOWS + 20) * 1_000_000_000L;
            Map<String, Integer> nice = threads(child);
            while (nice.getOrDefault("C2 CompilerThre", 0) != 17 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                nice = threads(child);
            }
            assertThat(nice).containsEntry("C1 CompilerThre", 17).containsEntry("C2 CompilerThre", 17);
        } finally {
            child.destroy();
            child.waitFor();
        }
    }

    @Test
    void lowersOnlyTheCompilerThreads() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        Map<String, Integer> nice = childThreads(19);
        assertThat(nice).containsEntry("C1 CompilerThre", 19).containsEntry("C2 CompilerThre", 19);
        nice.keySet().removeIf(name -> name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler"));
        assertThat(nice).as("every other thread").isNotEmpty().allSatisfy((name, n) -> assertThat(n).isZero());
    }

    @Test
    void zeroLeavesTheCompilerAlone() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        assertThat(childThreads(0)).containsEntry("C2 CompilerThre", 0).allSatisfy((name, n) -> assertThat(n).isZero());
    }

    @Test
    void findsThisJvmsCompilerThreads() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        assertThat(CompilerPriority.compilerThreads()).hasSizeGreaterThanOrEqualTo(2).allMatch(t -> t.matches("\\d+"));
    }

    @Test
    void theConfiguredValueIsANiceValue() {
        String before = System.getProperty(CompilerPriority.NICE_PROPERTY);
        try {
            System.clearProperty(CompilerPriority.NICE_PROPERTY);
            assertThat(CompilerPriority.configured()).isEqualTo(CompilerPriority.ONCE_IDLE);
            System.setProperty(CompilerPriority.NICE_PROPERTY, "soon");
            assertThat(CompilerPriority.configured()).isEqualTo(CompilerPriority.ONCE_IDLE);
            System.setProperty(CompilerPriority.NICE_PROPERTY, "10");
            assertThat(CompilerPriority.configured()).isEqualTo(10);
            System.setProperty(CompilerPriority.NICE_PROPERTY, "40");
            assertThat(CompilerPriority.configured()).isEqualTo(19);
            System.setProperty(CompilerPriority.NICE_PROPERTY, "-5");
            assertThat(CompilerPriority.configured()).isZero();
            assertThat(CompilerPriority.lower(0)).isZero();
        } finally {
            if (before == null) {
                System.clearProperty(CompilerPriority.NICE_PROPERTY);
            } else {
                System.setProperty(CompilerPriority.NICE_PROPERTY, before);
            }
        }
    }

    /** Starts {@link Child} with {@code nice}, returns the nice value of each of its threads by name. */
    private static Map<String, Integer> childThreads(int nice) throws Exception {
        Process child = child(Integer.toString(nice), "changed ");
        try {
            return threads(child);
        } finally {
            child.destroy();
            child.waitFor();
        }
    }

    /** Starts {@link Child} with {@code arg} and waits for its line starting with {@code ready}. */
    private static Process child(String arg, String ready) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The tiered default, whatever this JVM runs with: both compilers have threads.
        Process child = new ProcessBuilder(java, "-XX:+TieredCompilation", "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), arg).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        do {
            line = out.readLine();
        } while (line != null && !line.startsWith(ready));
        if (ready.startsWith("changed")) {
            // One thread per compiler at least (the JVM may have started more by then).
            assertThat(line).as("the child's report").matches(arg.equals("0") ? "changed 0" : "changed ([2-9]|\\d\\d+)");
        } else {
            assertThat(line).as("the child's report").isEqualTo(ready);
        }
        return child;
    }

    /** The nice value of each of {@code child}'s threads, by name (the highest where names repeat). */
    private static Map<String, Integer> threads(Process child) throws IOException {
        Map<String, Integer> byName = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(child.pid()), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    String stat = Files.readString(task.resolve("stat"));
                    // Fields after the name: state is the 3rd field of the line, nice the 19th.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byName.merge(name, Integer.parseInt(fields[16]), Math::max);
                } catch (IOException e) {
                    // A thread that ended while listed.
                }
            }
        }
        return byName;
    }
}
