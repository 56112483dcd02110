package io.xshathra.controlplane.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * Versioned schema changes: the SQL scripts in {@value #LOCATION}, named {@code V<n>__<what>.sql}
 * and listed in {@link #SCRIPTS}, applied in order, each once. The SQL is written once for both
 * databases (text ids, bigint times, no identity columns).
 *
 * <p>What was applied is recorded in {@value #TABLE}, one row per script, in the layout Flyway
 * uses (earlier versions of this product migrated with Flyway, so their databases carry the same
 * table): rank, version, description, type, script, checksum (a CRC-32 over the script's lines
 * without their line ends, as Flyway computes it), who, when, how long, success.
 *
 * <p>Each script runs in its own transaction together with its history row, so a script that
 * fails leaves the database as it was and the start stops naming the script and the statement.
 * Processes that start together on one database take turns: on PostgreSQL each script's
 * transaction first takes a transaction-scoped advisory lock, on SQLite it begins with a write
 * (the database's write lock); either way the history is read again under the lock, so a script
 * another process applied meanwhile is not applied twice.
 *
 * <p>Scripts are split into statements at semicolons outside quotes and comments; they hold
 * plain DDL and DML (no procedural blocks).
 */
final class Migrations {

    static final String LOCATION = "io/xshathra/controlplane/db/migration";
    static final String TABLE = "xshathra_schema_history";
    /** Every script in {@link #LOCATION}, oldest first (a test keeps the list and the folder in step). */
    static final List<String> SCRIPTS = List.of(
            "V1__accounts_sessions_projects.sql",
            "V2__project_key_changes.sql",
            "V3__project_proxies.sql",
            "V4__client_key_rotation.sql",
            "V5__project_namespaces.sql",
            "V6__webhooks.sql",
            "V7__project_limits.sql",
            "V8__usage_hours.sql",
            "V9__teams_audit.sql");
    /** The highest version in {@link #SCRIPTS}. */
    static final int LATEST = version(SCRIPTS.get(SCRIPTS.size() - 1));
    /** The advisory lock key that orders migrating processes on PostgreSQL ("xshathra" in ASCII, 8 bytes). */
    private static final long PG_LOCK = 0x7873686174687261L;

    private Migrations() {
    }

    /** Brings the schema to {@link #LATEST}; returns how many scripts ran (0 when current). */
    static int migrate(DataSource dataSource) {
        if (current(dataSource)) {
            return 0;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                    .contains("postgres");
            createHistoryTable(c, postgres);
            int ran = 0;
            for (String script : SCRIPTS) {
                if (apply(c, script, postgres)) {
                    ran++;
                }
            }
            return ran;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Whether the history says {@link #LATEST} was applied and nothing failed. */
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
            // No history table yet (a new database) or unreadable: migrate() decides and reports.
            return false;
        }
    }

    /**
     * Creates the history table if it is missing. On PostgreSQL under the migration lock: two
     * processes creating it at once collide in the catalog ({@code IF NOT EXISTS} is checked
     * before the creation, not with it). SQLite's own write lock already orders them.
     */
    private static void createHistoryTable(Connection c, boolean postgres) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            if (postgres) {
                st.execute("SELECT pg_advisory_xact_lock(" + PG_LOCK + ")");
            }
            st.executeUpdate("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                    + "installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50), description VARCHAR(200) NOT NULL,"
                    + " type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INT,"
                    + " installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,"
                    + " execution_time INT NOT NULL, success BOOLEAN NOT NULL)");
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Applies one script unless the history already has it; true when it ran. */
    private static boolean apply(Connection c, String script, boolean postgres) throws SQLException {
        int version = version(script);
        String sql = read(script);
        c.setAutoCommit(false);
        try {
            lock(c, postgres);
            Applied applied = applied(c, version);
            if (applied == Applied.FAILED) {
                throw new SQLException(script + " failed in an earlier run (" + TABLE + " says so);"
                        + " repair the database by hand, then delete that row");
            }
            if (applied == Applied.YES) {
                c.rollback();
                return false;
            }
            long start = System.nanoTime();
            for (String statement : statements(sql)) {
                try (Statement st = c.createStatement()) {
                    st.execute(statement);
                } catch (SQLException e) {
                    throw new SQLException(script + ": " + e.getMessage() + " in: " + abbreviate(statement), e);
                }
            }
            Database.update(c, "INSERT INTO " + TABLE + " (installed_rank, version, description, type, script, checksum,"
                            + " installed_by, execution_time, success) VALUES ((SELECT COALESCE(MAX(installed_rank), 0) + 1"
                            + " FROM " + TABLE + "), ?, ?, 'SQL', ?, ?, ?, ?, ?)",
                    Integer.toString(version), description(script), script, checksum(sql),
                    c.getMetaData().getUserName() == null ? "xshathra" : c.getMetaData().getUserName(),
                    (int) ((System.nanoTime() - start) / 1_000_000), true);
            c.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private enum Applied { NO, YES, FAILED }

    private static Applied applied(Connection c, int version) throws SQLException {
        List<Boolean> rows = Database.query(c, "SELECT success FROM " + TABLE + " WHERE version = ?",
                rs -> rs.getBoolean(1), Integer.toString(version));
        if (rows.isEmpty()) {
            return Applied.NO;
        }
        return rows.contains(Boolean.FALSE) ? Applied.FAILED : Applied.YES;
    }

    /** Takes the database's migration lock for the current transaction. */
    private static void lock(Connection c, boolean postgres) throws SQLException {
        try (Statement st = c.createStatement()) {
            if (postgres) {
                st.execute("SELECT pg_advisory_xact_lock(" + PG_LOCK + ")");
            } else {
                // A write, even of no row, takes SQLite's write lock until the transaction ends.
                st.executeUpdate("UPDATE " + TABLE + " SET success = success WHERE 1 = 0");
            }
        }
    }

    static int version(String script) {
        if (!script.matches("V\\d{1,9}__[A-Za-z0-9_]+\\.sql")) {
            throw new IllegalArgumentException("not a migration script name: " + script);
        }
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    private static String description(String script) {
        return script.substring(script.indexOf("__") + 2, script.length() - ".sql".length()).replace('_', ' ');
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(LOCATION + "/" + script)) {
            if (in == null) {
                throw new IllegalStateException("migration script missing from the build: " + LOCATION + "/" + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script's CRC-32 over its lines, without line ends and without a leading byte-order mark. */
    static int checksum(String sql) {
        CRC32 crc = new CRC32();
        try (BufferedReader lines = new BufferedReader(new java.io.StringReader(sql))) {
            String line;
            boolean first = true;
            while ((line = lines.readLine()) != null) {
                if (first && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                first = false;
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (int) crc.getValue();
    }

    /** The script's statements: split at semicolons outside quotes and comments, comments dropped. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char ch = sql.charAt(i);
            char next = i + 1 < n ? sql.charAt(i + 1) : 0;
            if (ch == '-' && next == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                current.append('\n');
            } else if (ch == '/' && next == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
                current.append(' ');
            } else if (ch == '\'' || ch == '"') {
                int end = i + 1;
                while (end < n && !(sql.charAt(end) == ch && (end + 1 >= n || sql.charAt(end + 1) != ch))) {
                    end += sql.charAt(end) == ch ? 2 : 1;
                }
                current.append(sql, i, Math.min(end + 1, n));
                i = end;
            } else if (ch == ';') {
                addStatement(out, current);
            } else {
                current.append(ch);
            }
        }
        addStatement(out, current);
        return out;
    }

    private static void addStatement(List<String> out, StringBuilder current) {
        String s = current.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
        current.setLength(0);
    }

    private static String abbreviate(String statement) {
        String oneLine = statement.replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
