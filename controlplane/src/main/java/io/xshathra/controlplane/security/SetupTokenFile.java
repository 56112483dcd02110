package io.xshathra.controlplane.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The file in the data folder ({@value #NAME}) that holds this node's first-run setup token for
 * the operator: written by {@code serve} with mode 0600 (owner only, from creation: there is no
 * moment when others could read it), deleted once the deployment has its administrator.
 */
public final class SetupTokenFile {

    public static final String NAME = "setup-token";

    private SetupTokenFile() {
    }

    /** The file's place in a data folder. */
    public static Path in(Path dataDir) {
        return dataDir.resolve(NAME);
    }

    /** Writes the token (and a newline), replacing any older file atomically. */
    public static void write(Path file, String token) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp;
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            tmp = Files.createTempFile(dir, ".setup-token", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            tmp = Files.createTempFile(dir, ".setup-token", ".tmp");
        }
        try {
            Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes the file when present; true when it was there. */
    public static boolean delete(Path file) throws IOException {
        return Files.deleteIfExists(file);
    }
}
