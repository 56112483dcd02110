package io.xshathra.controlplane.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The change feed of project keys in the database ({@code project_key_version} and
 * {@code project_key_changes}, migration V3): writers record a change inside the transaction
 * that makes it, readers ask for the changes after the count they last saw. Used only on
 * storage threads.
 */
final class KeyChanges {

    /** How many change rows are kept; a reader more than this far behind forgets everything. */
    static final int KEEP = 1000;

    /** One recorded change. */
    record Change(long version, String projectId) {
    }

    private KeyChanges() {
    }

    /**
     * Records that the project's keys, name or existence changed; call it inside the write
     * transaction of that change. The counter update comes first so that its row lock orders
     * concurrent writers.
     *
     * @return the new count
     */
    static long record(Connection c, String projectId, long nowMillis) throws SQLException {
        Database.update(c, "update project_key_version set version = version + 1 where id = 1");
        long version = version(c);
        Database.update(c, "insert into project_key_changes (version, project_id, changed_at) values (?, ?, ?)",
                version, projectId, nowMillis);
        Database.update(c, "delete from project_key_changes where version <= ?", version - KEEP);
        return version;
    }

    /** The number of changes recorded so far. */
    static long version(Connection c) throws SQLException {
        return Database.queryOne(c, "select version from project_key_version where id = 1", rs -> rs.getLong(1))
                .orElseThrow(() -> new SQLException("project_key_version has no row: the schema is damaged"));
    }

    /** The changes after {@code after}, up to and including {@code upTo}, in order. */
    static List<Change> between(Connection c, long after, long upTo) throws SQLException {
        return Database.query(c, "select version, project_id from project_key_changes where version > ? and version <= ?"
                + " order by version", rs -> new Change(rs.getLong(1), rs.getString(2)), after, upTo);
    }
}
