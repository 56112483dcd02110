package io.xshathra.controlplane.security;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the files that hold secrets or settings in the data folder (development secrets, the
 * setup token, generated configurations): readable by the owner only from the moment they exist
 * (where the file system has POSIX permissions), and written atomically. The bytes go to a
 * temporary file in the same folder first, which then takes the final name in one step, so a
 * process that reads the file at the same moment sees either nothing (or the old version) or the
 * whole new content, never an empty or half-written file.
 */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    /** Writes {@code content} to {@code file}, replacing an existing file atomically. */
    public static void replace(Path file, byte[] content) throws IOException {
        Path tmp = temporary(file, content);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates {@code file} with {@code content}, only if no such file exists: of two processes
     * creating it at once, the first wins and the other gets {@link FileAlreadyExistsException}.
     */
    public static void create(Path file, byte[] content) throws IOException {
        Path tmp = temporary(file, content);
        try {
            try {
                Files.createLink(file, tmp);
            } catch (UnsupportedOperationException e) {
                // No hard links on this file system: the rename is still atomic, but a file
                // created between the check and the rename would be replaced.
                if (Files.exists(file)) {
                    throw new FileAlreadyExistsException(file.toString());
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path temporary(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String prefix = "." + file.getFileName();
        Path tmp = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(dir, prefix, ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, prefix, ".tmp");
        try {
            Files.write(tmp, content);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }
}
