package io.xshathra.controlplane.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
    static final String TABLE = "xshathra_schema_history";
    /** The highest migration version in {@link #LOCATION} (a test keeps the two in step). */
    static final int LATEST = 5;

    private Migrations() {
    }

    /**
     * Brings the schema to the latest version; returns how many migrations ran (0 when current).
     * A database already at {@link #LATEST}, every migration successful, is left alone without
     * starting Flyway, whose scanner and validator would load several hundred classes into every
     * server start for nothing.
     */
    static int migrate(DataSource dataSource) {
        if (current(dataSource)) {
            return 0;
        }
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

    /** Whether the history table says {@link #LATEST} was applied and nothing failed. */
    static boolean current(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, success FROM " + TABLE)) {
            int highest = 0;
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    return false;
                }
                String v = rs.getString(1);
                if (v != null && v.matches("\\d{1,9}")) {
                    highest = Math.max(highest, Integer.parseInt(v));
                }
            }
            return highest == LATEST;
        } catch (SQLException e) {
            // No history table yet (a new database) or unreadable: Flyway decides and reports.
            return false;
        }
    }
}
