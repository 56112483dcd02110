package io.xshathra.controlplane.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

class MigrationsTest {

    private static final Path FOLDER = Path.of("src/main/resources/" + Migrations.LOCATION);

    @Test
    void theListNamesEveryScriptOfTheFolderInOrder() throws IOException {
        List<String> shipped;
        try (Stream<Path> files = Files.list(FOLDER)) {
            shipped = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .sorted(Comparator.comparingInt(Migrations::version)).toList();
        }
        assertEquals(shipped, Migrations.SCRIPTS, "Migrations.SCRIPTS must list every V*.sql of " + FOLDER);
        assertEquals(Migrations.version(shipped.get(shipped.size() - 1)), Migrations.LATEST);
    }

    @Test
    void aNewDatabaseGetsEveryScriptOnceAndIsThenCurrent(@TempDir Path tmp) throws Exception {
        SQLiteDataSource ds = sqlite(tmp.resolve("t.db"));
        assertFalse(Migrations.current(ds), "a new database has no history");
        assertEquals(Migrations.SCRIPTS.size(), Migrations.migrate(ds));
        assertTrue(Migrations.current(ds));
        assertEquals(0, Migrations.migrate(ds));
        assertEquals(Migrations.SCRIPTS.size(), historyChecksums(ds).size());
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM " + Migrations.TABLE + " WHERE version = '" + Migrations.LATEST + "'");
        }
        assertFalse(Migrations.current(ds), "an older schema is not current");
    }

    @Test
    void aScriptThatFailedBeforeStopsTheStartNamingIt(@TempDir Path tmp) throws Exception {
        SQLiteDataSource ds = sqlite(tmp.resolve("t.db"));
        Migrations.migrate(ds);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE " + Migrations.TABLE + " SET success = 0 WHERE version = '1'");
        }
        assertFalse(Migrations.current(ds));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Migrations.migrate(ds));
        assertTrue(e.getMessage().contains(Migrations.SCRIPTS.get(0)), e.getMessage());
    }

    @Test
    void aDatabaseMigratedByFlywayInEarlierVersionsCarriesOn(@TempDir Path tmp) throws Exception {
        // The scripts up to the one before the latest, as an earlier version shipped them.
        Path old = Files.createDirectories(tmp.resolve("old"));
        for (String script : Migrations.SCRIPTS.subList(0, Migrations.SCRIPTS.size() - 1)) {
            Files.copy(FOLDER.resolve(script), old.resolve(script));
        }
        SQLiteDataSource ds = sqlite(tmp.resolve("t.db"));
        Flyway.configure().dataSource(ds).locations("filesystem:" + old).table(Migrations.TABLE).load().migrate();
        assertFalse(Migrations.current(ds));

        assertEquals(1, Migrations.migrate(ds), "only the newest script is left to apply");
        assertTrue(Migrations.current(ds));
        Map<String, Integer> checksums = historyChecksums(ds);
        for (String script : Migrations.SCRIPTS) {
            String sql = Files.readString(FOLDER.resolve(script), StandardCharsets.UTF_8);
            assertEquals(Migrations.checksum(sql), checksums.get(Integer.toString(Migrations.version(script))),
                    script + ": the history checksum is Flyway's, whoever applied it");
        }
    }

    @Test
    void processesMigratingOneNewDatabaseTogetherApplyEachScriptOnce(@TempDir Path tmp) throws Exception {
        SQLiteDataSource ds = sqlite(tmp.resolve("t.db"));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit((Callable<Integer>) () -> Migrations.migrate(ds)));
            }
            int total = 0;
            for (Future<Integer> run : runs) {
                total += run.get();
            }
            assertEquals(Migrations.SCRIPTS.size(), total, "every script ran exactly once among the three");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Migrations.SCRIPTS.size(), historyChecksums(ds).size());
        assertTrue(Migrations.current(ds));
    }

    @Test
    void statementsSplitAtSemicolonsOutsideQuotesAndComments() {
        String sql = "-- a comment's quote; and a semicolon\n"
                + "create table t (a text default 'x;y', b text default 'it''s; fine');\n"
                + "/* block; comment */ insert into t (a) values ('--not a comment');\n"
                + "  \n;\n";
        assertEquals(List.of("create table t (a text default 'x;y', b text default 'it''s; fine')",
                "insert into t (a) values ('--not a comment')"), Migrations.statements(sql));
    }

    @Test
    void aScriptNameMustFollowTheVersionPattern() {
        assertThrows(IllegalArgumentException.class, () -> Migrations.version("V1_missing_double_underscore.sql"));
        assertThrows(IllegalArgumentException.class, () -> Migrations.version("R__repeatable.sql"));
        assertEquals(12, Migrations.version("V12__twelve.sql"));
    }

    static SQLiteDataSource sqlite(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10_000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }

    static Map<String, Integer> historyChecksums(javax.sql.DataSource ds) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, checksum FROM " + Migrations.TABLE)) {
            while (rs.next()) {
                assertFalse(out.containsKey(rs.getString(1)), "version " + rs.getString(1) + " recorded twice");
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }
}
