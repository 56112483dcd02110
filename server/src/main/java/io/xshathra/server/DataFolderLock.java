package io.xshathra.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One {@code serve} per data folder. Two servers on one folder would each keep their own message
 * offsets and race on the files there, so the first one holds an operating-system lock on
 * {@value #NAME} in the folder for as long as it runs (released by the system even when the
 * process is killed), and writes its process id into it so a second one can say who holds it.
 * The command-line tools do not take the lock: they share the database with a running server.
 */
public final class DataFolderLock implements AutoCloseable {

    public static final String NAME = "serve.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dataDir} (created when missing).
     *
     * @throws IllegalStateException when another process holds it, naming the folder and that
     *                               process, or when the lock file cannot be opened
     */
    public static DataFolderLock acquire(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path file = dir.resolve(NAME);
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(ch);
            if (lock == null) {
                String holder = holder(ch);
                ch.close();
                throw new IllegalStateException("the data folder " + dir + " is in use by another xshathra serve"
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                        + ": stop it, or give this server its own folder with --data-dir DIR");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            return new DataFolderLock(ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new IllegalStateException("cannot lock the data folder " + dir + " (" + file.getFileName() + "): " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very process (a second server in one JVM)
        }
    }

    /** The process id the holder wrote, or "" when unreadable; never more than a short number. */
    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32);
        ch.read(buf, 0);
        String s = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
        return s.matches("\\d{1,19}") ? s : "";
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing: the first error is the one worth reporting
            }
        }
    }

    /** Releases the lock; the file stays (deleting it would let a third server race the second). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel closes below, which releases it as well
        }
        closeQuietly(channel);
    }
}
