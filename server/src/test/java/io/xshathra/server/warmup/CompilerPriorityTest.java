package io.xshathra.server.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CompilerPriorityTest {

    /** Run in a JVM of its own, so this test's JVM keeps its compiler's priority. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            System.out.println("changed " + CompilerPriority.lower(Integer.parseInt(args[0])));
            System.out.flush();
            System.in.read();
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
            assertThat(CompilerPriority.configured()).isEqualTo(CompilerPriority.DEFAULT_NICE);
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The tiered default, whatever this JVM runs with: both compilers have threads.
        Process child = new ProcessBuilder(java, "-XX:+TieredCompilation", "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), Integer.toString(nice)).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("changed "));
            // One thread per compiler at least (the JVM may have started more by then).
            assertThat(line).as("the child's report").matches(nice > 0 ? "changed ([2-9]|\\d\\d+)" : "changed 0");
            Map<String, Integer> byName = new HashMap<>();
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(child.pid()), "task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    String name = Files.readString(task.resolve("comm")).strip();
                    String stat = Files.readString(task.resolve("stat"));
                    // Fields after the name: state is the 3rd field of the line, nice the 19th.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byName.merge(name, Integer.parseInt(fields[16]), Math::max);
                }
            }
            return byName;
        } finally {
            child.destroy();
            child.waitFor();
        }
    }
}
