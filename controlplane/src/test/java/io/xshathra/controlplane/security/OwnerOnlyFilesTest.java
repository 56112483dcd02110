package io.xshathra.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFilesTest {

    @TempDir
    Path dir;

    @Test
    void createWritesTheWholeFileOwnerOnlyAndTheFirstCreatorWins() throws Exception {
        Path f = dir.resolve("sub").resolve("secrets.json");
        OwnerOnlyFiles.create(f, "first".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(f)).isEqualTo("first");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThatThrownBy(() -> OwnerOnlyFiles.create(f, "second".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(f)).isEqualTo("first");
        assertThat(leftovers(f.getParent())).as("no temporary file is left behind").containsExactly("secrets.json");
    }

    @Test
    void replaceSwapsTheContentInOneStep() throws Exception {
        Path f = dir.resolve("token");
        Files.writeString(f, "old");
        OwnerOnlyFiles.replace(f, "new\n".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(f)).isEqualTo("new\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(leftovers(dir)).containsExactly("token");
    }

    private static java.util.List<String> leftovers(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
