package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.testkit.Await;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContract {

    @TempDir
    Path dir;

    @Override
    protected DatabaseUrl newDatabase() {
        return DatabaseUrl.sqlite(dir.resolve("data"));
    }

    @Test
    void theFileIsInTheDataFolderOwnerOnlyInWalModeWithForeignKeys() throws Exception {
        Path file = dir.resolve("data").resolve("xshathra.db");
        assertThat(file).exists();
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        assertThat(pragma("journal_mode")).isEqualTo("wal");
        assertThat(pragma("foreign_keys")).isEqualTo("1");
        assertThat(pragma("busy_timeout")).isEqualTo(String.valueOf(Database.SQLITE_BUSY_TIMEOUT_MS));
        assertThat(store.dialect()).isEqualTo(DatabaseUrl.Dialect.SQLITE);
        assertThat(store.description()).isEqualTo("jdbc:sqlite:" + file);
    }

    private String pragma(String name) {
        Optional<String> value = sql(c -> Database.queryOne(c, "pragma " + name, rs -> rs.getString(1)));
        return value.orElseThrow();
    }

    @Test
    void twoStoresOnOneFileSeeEachOthersWrites() {
        // What happens when the CLI runs beside a server: two pools on one WAL file.
        try (ControlPlaneStore second = ControlPlaneStore.open(url, options())) {
            Account a = await(store.accounts().createUser("one@example.com", "correct horse battery"));
            CreatedProject p = await(second.projects().create(a.id(), "from the second"));
            assertThat(await(store.directory().authenticateServerKey(p.serverApiKey()))).contains(p.project());
            assertThat(await(second.projects().delete(p.project().id()))).isTrue();
            // The first store remembered the key; it learns of the other's deletion from the
            // change feed, within its polling bound.
            Await.until(Duration.ofSeconds(5),
                    () -> await(store.directory().authenticateServerKey(p.serverApiKey())).isEmpty(),
                    "the key deleted by the other store stops working");
            for (int i = 0; i < 20; i++) {
                ControlPlaneStore writer = i % 2 == 0 ? store : second;
                await(writer.projects().create(a.id(), "p" + i));
            }
            assertThat(await(store.projects().list(a.id()))).hasSize(20);
        }
    }

    @Test
    void openWithADataFolderAndNoUrlUsesTheSqliteFile() {
        store.close();
        Path other = dir.resolve("other");
        store = ControlPlaneStore.open(other, null);
        assertThat(Files.exists(other.resolve("xshathra.db"))).isTrue();
        assertThat(store.dialect()).isEqualTo(DatabaseUrl.Dialect.SQLITE);
        store.close();
        store = ControlPlaneStore.open(other, "  ");
        assertThat(store.dialect()).isEqualTo(DatabaseUrl.Dialect.SQLITE);
    }
}
