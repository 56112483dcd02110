package io.xshathra.controlplane.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The connection pool and the few JDBC helpers the services share. Used only from the storage
 * executor's threads.
 *
 * <p>SQLite: one pooled connection (SQLite has one writer at a time anyway; the pool keeps the
 * other executor threads waiting in order instead of failing with "database is locked"), WAL
 * journal so a second process (the CLI) can read and write while the server runs,
 * {@code busy_timeout} so that process waits for the other's write instead of failing,
 * transactions that start {@code IMMEDIATE} (a deferred read-then-write transaction could fail
 * with SQLITE_BUSY that no timeout helps with), and foreign keys on (SQLite leaves them off).
 */
final class Database implements AutoCloseable {

    /** How long a writer waits for another process's write on SQLite. */
    static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final DatabaseUrl url;
    private final HikariDataSource pool;

    Database(DatabaseUrl url, int poolSize, String poolName) {
        this.url = url;
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(url.jdbcUrl());
        // Named, so the pool makes the driver itself instead of asking DriverManager, whose
        // lookup builds a log line with a string concatenation that spins classes at start.
        config.setDriverClassName(url.dialect() == DatabaseUrl.Dialect.SQLITE ? "org.sqlite.JDBC"
                : "org.postgresql.Driver");
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setConnectionTimeout(30_000);
        if (url.dialect() == DatabaseUrl.Dialect.SQLITE) {
            config.setMaximumPoolSize(1);
            config.setMinimumIdle(1);
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT_MS));
            config.addDataSourceProperty("foreign_keys", "true");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        } else {
            config.setMaximumPoolSize(poolSize);
            config.setMinimumIdle(1);
        }
        this.pool = new HikariDataSource(config);
    }

    DatabaseUrl url() {
        return url;
    }

    HikariDataSource dataSource() {
        return pool;
    }

    /** Runs the work on one connection in auto-commit mode (single statements, reads). */
    <T> T read(Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        }
    }

    /** Runs the work in one transaction: committed when it returns, rolled back when it throws. */
    <T> T write(Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    static <T> List<T> query(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row.map(rs));
            }
            return out;
        }
    }

    static <T> Optional<T> queryOne(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        List<T> all = query(c, sql, row, args);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                if (a == null) {
                    ps.setNull(i + 1, java.sql.Types.NULL);
                } else if (a instanceof Boolean b) {
                    ps.setBoolean(i + 1, b);
                } else if (a instanceof Long l) {
                    ps.setLong(i + 1, l);
                } else if (a instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else {
                    ps.setString(i + 1, a.toString());
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** True for a unique or primary-key violation, on either database. */
    static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                String message = String.valueOf(s.getMessage());
                if ("23505".equals(state) || message.contains("UNIQUE constraint failed")
                        || message.contains("SQLITE_CONSTRAINT_UNIQUE") || message.contains("SQLITE_CONSTRAINT_PRIMARYKEY")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        pool.close();
    }
}
