package io.xshathra.controlplane.storage;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Versioned schema changes with Flyway, from {@value #LOCATION}. The SQL is written once for
 * both databases (text ids, bigint times, no identity columns); should a change ever need
 * vendor SQL, it goes under {@code .../migration/sqlite} or {@code .../migration/postgresql}
 * with a version of its own, added to the locations for that dialect only.
 */
final class Migrations {

    static final String LOCATION = "classpath:io/xshathra/controlplane/db/migration";

    private Migrations() {
    }

    /** Brings the schema to the latest version; returns how many migrations ran (0 when current). */
    static int migrate(DataSource dataSource) {
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .table("xshathra_schema_history")
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .load();
        MigrateResult result = flyway.migrate();
        return result.migrationsExecuted;
    }
}
