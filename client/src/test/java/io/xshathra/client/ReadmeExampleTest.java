package io.xshathra.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** The README's example compiles against this library as it is, so it cannot drift from the API. */
class ReadmeExampleTest {
    @Test
    void theExampleCompiles() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```java\n", readme.indexOf("## Example"));
        int end = readme.indexOf("```", start + 8);
        String source = readme.substring(start + 8, end);
        assertThat(source).contains("public class Backend");

        Path dir = Files.createTempDirectory("readme-example");
        Path file = dir.resolve("Backend.java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(file);
            boolean ok = javac.getTask(errors, files, null, List.of("-d", dir.toString(), "-classpath",
                    System.getProperty("java.class.path")), null, units).call();
            assertThat(ok).as(errors.toString()).isTrue();
        }
        assertThat(dir.resolve("Backend.class")).exists();
        try (var left = Files.list(dir)) {
            for (Path p : left.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }
}
