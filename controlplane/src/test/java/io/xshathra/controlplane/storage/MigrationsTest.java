package io.xshathra.controlplane.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class MigrationsTest {

    @Test
    void latestNamesTheHighestMigrationShipped() throws IOException {
        Path dir = Path.of("src/main/resources/io/xshathra/controlplane/db/migration");
        int highest;
        try (Stream<Path> files = Files.list(dir)) {
            highest = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElse(0);
        }
        assertEquals(highest, Migrations.LATEST, "Migrations.LATEST must follow the newest V*.sql");
    }

    /** How many migrations are shipped (versions may have gaps while parts are built apart). */
    private static long shipped() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/io/xshathra/controlplane/db/migration"))) {
            return files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    @Test
    void aCurrentDatabaseIsRecognisedAndAFailedOrOlderOneIsNot(@TempDir Path tmp) throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + tmp.resolve("t.db"));
        assertFalse(Migrations.current(ds), "a new database has no history");
        assertEquals(shipped(), Migrations.migrate(ds));
        assertTrue(Migrations.current(ds));
        assertEquals(0, Migrations.migrate(ds));
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE " + Migrations.TABLE + " SET success = 0 WHERE version = '1'");
        }
        assertFalse(Migrations.current(ds), "a failed migration sends the start through Flyway, which reports it");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE " + Migrations.TABLE + " SET success = 1 WHERE version = '1'");
            st.executeUpdate("DELETE FROM " + Migrations.TABLE + " WHERE version = '" + Migrations.LATEST + "'");
        }
        assertFalse(Migrations.current(ds), "an older schema is migrated");
    }
}
