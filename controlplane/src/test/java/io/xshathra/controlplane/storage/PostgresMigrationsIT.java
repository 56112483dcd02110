package io.xshathra.controlplane.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The migrations on a real PostgreSQL: nodes that start together apply each script once. */
class PostgresMigrationsIT {

    @Test
    void nodesMigratingOneNewDatabaseTogetherApplyEachScriptOnce() throws Exception {
        DatabaseUrl url = EmbeddedPostgresDatabases.newDatabase();
        List<Database> pools = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Database db = new Database(url, 1, "migrations-test-" + i);
                pools.add(db);
                runs.add(threads.submit((Callable<Integer>) () -> Migrations.migrate(db.dataSource())));
            }
            int total = 0;
            for (Future<Integer> run : runs) {
                total += run.get();
            }
            assertEquals(Migrations.SCRIPTS.size(), total, "every script ran exactly once among the three");
            assertEquals(Migrations.SCRIPTS.size(), MigrationsTest.historyChecksums(pools.get(0).dataSource()).size());
            assertTrue(Migrations.current(pools.get(0).dataSource()));
        } finally {
            threads.shutdownNow();
            pools.forEach(Database::close);
        }
    }
}
