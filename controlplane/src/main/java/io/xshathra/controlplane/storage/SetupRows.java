package io.xshathra.controlplane.storage;

import io.xshathra.controlplane.security.ApiKeys;
import io.xshathra.controlplane.security.Ulid;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The first-run setup tokens in the {@code settings} table: one row per token, named
 * {@code setup_token:<ULID>} (so names sort by age) with the token's SHA-256 hash as its value.
 * Every node that starts on an empty deployment adds one, and any node accepts any of them, so
 * several nodes sharing one PostgreSQL each print a token that works. At most
 * {@value #MAX_TOKENS} are kept: the oldest go first. All are deleted when the first account is
 * created, in the same transaction.
 */
final class SetupRows {

    static final String PREFIX = "setup_token:";
    static final int MAX_TOKENS = 16;

    private SetupRows() {
    }

    /** Stores the hash of a new token and drops the oldest beyond {@value #MAX_TOKENS}. */
    static void add(Connection c, String token) throws SQLException {
        Database.update(c, "insert into settings (name, value) values (?, ?)",
                PREFIX + Ulid.generator().next(), ApiKeys.hash(token));
        List<String> names = Database.query(c, "select name from settings where name like ? order by name desc",
                rs -> rs.getString(1), PREFIX + "%");
        for (String old : names.subList(Math.min(MAX_TOKENS, names.size()), names.size())) {
            Database.update(c, "delete from settings where name = ?", old);
        }
    }

    /** Whether the token matches a stored one; every stored hash is compared, each in constant time. */
    static boolean matches(Connection c, String token) throws SQLException {
        List<String> hashes = Database.query(c, "select value from settings where name like ?",
                rs -> rs.getString(1), PREFIX + "%");
        boolean ok = false;
        for (String h : hashes) {
            ok |= ApiKeys.matches(token, h);
        }
        return ok;
    }

    static void deleteAll(Connection c) throws SQLException {
        Database.update(c, "delete from settings where name like ?", PREFIX + "%");
    }
}
