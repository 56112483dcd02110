package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
}
