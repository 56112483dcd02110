package io.xshathra.controlplane.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
        OwnerOnlyFiles.replace(file, (token + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes the file when present; true when it was there. */
    public static boolean delete(Path file) throws IOException {
        return Files.deleteIfExists(file);
    }
}
