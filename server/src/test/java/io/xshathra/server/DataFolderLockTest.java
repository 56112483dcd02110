package io.xshathra.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondServerOnTheFolderIsRefusedWithTheFolderAndTheHolder() throws Exception {
        Path data = dir.resolve("data");
        try (DataFolderLock first = DataFolderLock.acquire(data)) {
            assertThat(Files.readString(data.resolve(DataFolderLock.NAME)).strip())
                    .isEqualTo(String.valueOf(ProcessHandle.current().pid()));
            assertThatThrownBy(() -> DataFolderLock.acquire(data))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the data folder " + data.toAbsolutePath() + " is in use by another xshathra serve (pid "
                            + ProcessHandle.current().pid() + "): stop it, or give this server its own folder with --data-dir DIR");
        }
        // Released: the next server may start.
        try (DataFolderLock again = DataFolderLock.acquire(data)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void anotherProcessHoldingTheLockIsRefused() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        // A real second JVM takes the lock, as another serve would.
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Holder.class.getName(), data.toString()).redirectErrorStream(true).start();
        try {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()));
            assertThat(lines.readLine()).as("the holder's report").isEqualTo("locked");
            assertThatThrownBy(() -> DataFolderLock.acquire(data))
                    .hasMessageContaining("is in use by another xshathra serve (pid " + holder.pid() + ")");
        } finally {
            holder.destroy();
            holder.waitFor();
        }
        try (DataFolderLock mine = DataFolderLock.acquire(data)) {
            assertThat(mine).isNotNull();
        }
    }

    /** The second process: holds the lock until killed (at most 60 s). */
    public static final class Holder {
        public static void main(String[] args) throws InterruptedException {
            try (DataFolderLock lock = DataFolderLock.acquire(Path.of(args[0]))) {
                System.out.println("locked");
                System.out.flush();
                Thread.sleep(60_000);
            }
        }
    }
}
