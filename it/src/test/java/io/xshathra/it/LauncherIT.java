package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/xshathra}, the launcher the README and docs use, run as a user runs it: from any
 * folder, on the jar this build made.
 */
class LauncherIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path LAUNCHER = ROOT.resolve("bin").resolve("xshathra");

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = LAUNCHER.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().remove("XSHATHRA_JAR");
        pb.environment().remove("XSHATHRA_JAVA_OPTS");
        pb.environment().putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish in 60 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void findsTheBuiltJarFromAnyFolder() throws Exception {
        assertThat(Files.isExecutable(LAUNCHER)).as(LAUNCHER + " is executable").isTrue();
        Run r = run(Map.of(), "version");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Xshathra Realtime ");
    }

    @Test
    void passesArgumentsAndTheExitCodeThrough() throws Exception {
        Run r = run(Map.of(), "project", "list");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no database in the data folder " + dir.toRealPath().resolve("data"));
        assertThat(dir.resolve("data").resolve("xshathra.db")).doesNotExist();
    }

    @Test
    void saysWhatIsMissing() throws Exception {
        Run noJar = run(Map.of("XSHATHRA_JAR", dir.resolve("none.jar").toString()), "version");
        assertThat(noJar.code()).isEqualTo(1);
        assertThat(noJar.err()).contains("none.jar not found", "mvn -q -DskipTests install");
        Run noJava = run(Map.of("JAVA_HOME", dir.resolve("no-jdk").toString()), "version");
        assertThat(noJava.code()).isEqualTo(1);
        assertThat(noJava.err()).contains("no java found");
    }

    /**
     * The first {@code serve} trains the class-data archive in the background, and the training
     * finishes even when that serve is stopped at once by its terminal closing (SIGHUP to the
     * whole process group, as a shell sends it to its jobs); the next one maps it.
     * {@code -Xshare:on} makes that second start fail unless the archive really maps.
     */
    @Test
    void theFirstServeTrainsAClassDataArchiveTheNextOneMaps() throws Exception {
        Path home = dir.resolve("home");
        Path target = Files.createDirectories(home.resolve("server").resolve("target"));
        Files.createDirectories(home.resolve("bin"));
        Files.copy(LAUNCHER, home.resolve("bin").resolve("xshathra"));
        Files.copy(ROOT.resolve("server").resolve("target").resolve("xshathra.jar"), target.resolve("xshathra.jar"));
        Path launcher = home.resolve("bin").resolve("xshathra");

        // Its own session, so that the hang-up below reaches the serve and the training only; with
        // SIGHUP at its default action even where this build runs with it ignored (under nohup),
        // since a JVM started with a signal ignored leaves it ignored.
        Process first = serve(List.of("env", "--default-signal=HUP", "setsid", launcher.toString()), "first",
                Map.of());
        try {
            awaitReady("first");
            Process hangUp = new ProcessBuilder("kill", "-HUP", "--", "-" + first.pid()).inheritIO().start();
            assertThat(hangUp.waitFor()).isZero();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("the serve stops on a hang-up").isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (archives(target).isEmpty() || lockFolders(target) > 0) {
                assertThat(System.nanoTime() - deadline).as("no archive in %s after 120 s", target).isNegative();
                Thread.sleep(200);
            }
        } finally {
            stop(first);
        }
        List<Path> archives = archives(target);
        assertThat(archives).hasSize(1);
        try (Stream<Path> files = Files.list(target)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("only the jar and its archive: no training files left")
                    .containsExactlyInAnyOrder("xshathra.jar", archives.get(0).getFileName().toString());
        }

        Process second = serve(List.of(launcher.toString()), "second", Map.of("XSHATHRA_JAVA_OPTS", "-Xshare:on"));
        try {
            awaitReady("second");
            assertThat(second.info().arguments().orElseThrow())
                    .contains("-XX:SharedArchiveFile=" + archives.get(0));
        } finally {
            stop(second);
        }
    }

    /**
     * A {@code serve} left idle gives its JIT compiler threads nice 15 by itself, some ten seconds
     * after it is ready; one told {@code -Dxshathra.compiler.nice=0} leaves them alone.
     */
    @Test
    void anIdleServeLowersItsCompilersPriorityItself() throws Exception {
        // Without the class-data archive: no training run in the build's folder.
        Process idle = serve(List.of(LAUNCHER.toString()), "idle", Map.of("XSHATHRA_CDS", "off"));
        Process fixed = serve(List.of(LAUNCHER.toString()), "fixed",
                Map.of("XSHATHRA_CDS", "off", "XSHATHRA_JAVA_OPTS", "-Dxshathra.compiler.nice=0"));
        try {
            awaitReady("idle");
            awaitReady("fixed");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!compilerNice(idle).equals(List.of(15))) {
                assertThat(System.nanoTime() - deadline).as("the idle serve's compiler threads, 60 s after ready: %s",
                        compilerNice(idle)).isNegative();
                Thread.sleep(500);
            }
            assertThat(compilerNice(fixed)).containsExactly(0);
        } finally {
            stop(idle);
            stop(fixed);
        }
    }

    /** The distinct nice values of a process's JIT compiler threads (the launcher execs the JVM). */
    private static List<Integer> compilerNice(Process p) throws IOException {
        List<Integer> values = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(p.pid()), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (!Files.readString(task.resolve("comm")).strip().matches("C[12] CompilerThre")) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    // After the name: the state is the 3rd field of the line, the nice value the 19th.
                    int nice = Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
                    if (!values.contains(nice)) {
                        values.add(nice);
                    }
                } catch (IOException e) {
                    // A compiler thread that ended while listed.
                }
            }
        }
        return values;
    }

    private Process serve(List<String> launcher, String name, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("serve", "--port", "0", "--address", "127.0.0.1", "--data-dir",
                dir.resolve(name + "-data").toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().remove("XSHATHRA_JAR");
        pb.environment().remove("XSHATHRA_JAVA_OPTS");
        pb.environment().remove("XSHATHRA_CDS");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        return pb.start();
    }

    private void awaitReady(String name) throws Exception {
        Path log = dir.resolve(name + ".log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains(" is ready")) {
            assertThat(System.nanoTime() - deadline).as("%s serve not ready in 60 s: %s", name,
                    Files.readString(log, StandardCharsets.UTF_8)).isNegative();
            Thread.sleep(100);
        }
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    private static List<Path> archives(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
        }
    }

    private static long lockFolders(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".lock")).count();
        }
    }
}
