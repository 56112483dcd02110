package io.xshathra.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The Java examples of docs/grpc.md compile against the generated stubs as they are, so they
 * cannot drift from the {@code .proto} files. Each block is imports followed by statements; the
 * statements become the body of a method whose parameters are the values the prose says the
 * reader brings ({@code connectionJwt}).
 */
class GrpcDocExamplesTest {
    private static final Path DOC = Path.of("..", "docs", "grpc.md");

    @Test
    void everyJavaExampleCompiles() throws IOException {
        List<String> blocks = javaBlocks(Files.readAllLines(DOC));
        assertThat(blocks).as("java blocks in docs/grpc.md").hasSizeGreaterThanOrEqualTo(2);
        Path dir = Files.createTempDirectory("grpc-doc-examples");
        try {
            List<Path> sources = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                Path file = dir.resolve("Example" + i + ".java");
                Files.writeString(file, unit("Example" + i, blocks.get(i)));
                sources.add(file);
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            StringWriter errors = new StringWriter();
            try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
                Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
                boolean ok = javac.getTask(errors, files, null, List.of("-d", dir.toString(), "-classpath",
                        System.getProperty("java.class.path")), null, units).call();
                assertThat(ok).as(errors.toString()).isTrue();
            }
        } finally {
            try (Stream<Path> left = Files.walk(dir)) {
                for (Path p : left.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void aBrokenExampleWouldNotCompile() throws IOException {
        Path dir = Files.createTempDirectory("grpc-doc-examples");
        Path file = dir.resolve("Broken.java");
        Files.writeString(file, unit("Broken", "import io.xshathra.grpc.api.PublishRequest;\n"
                + "PublishRequest.newBuilder().setChanel(\"x\");\n"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            boolean ok = javac.getTask(new StringWriter(), files, null, List.of("-d", dir.toString(), "-classpath",
                    System.getProperty("java.class.path")), null, files.getJavaFileObjects(file)).call();
            assertThat(ok).isFalse();
        } finally {
            try (Stream<Path> left = Files.walk(dir)) {
                for (Path p : left.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static List<String> javaBlocks(List<String> lines) {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : lines) {
            if (current == null && line.strip().equals("```java")) {
                current = new StringBuilder();
            } else if (current != null && line.strip().startsWith("```")) {
                blocks.add(current.toString());
                current = null;
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** Imports stay at the top; the rest is the body of {@code run(String connectionJwt)}. */
    private static String unit(String name, String block) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : block.split("\n")) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        return imports + "\nclass " + name + " {\n    static void run(String connectionJwt) throws Exception {\n"
                + body + "    }\n}\n";
    }
}
