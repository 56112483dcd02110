package io.xshathra.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded PostgreSQL server (from Maven-provided binaries) for a test class. Registered on a
 * static {@code @RegisterExtension} field, it starts before the class's {@code @BeforeAll}
 * methods and stops after its {@code @AfterAll} methods, so the servers started on it are closed
 * before the database goes away.
 */
final class EmbeddedPostgresExtension implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedPostgres postgres;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        postgres = EmbeddedPostgres.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /** The JDBC URL of the server's {@code postgres} database, as the user {@code postgres}. */
    String url() {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is not running: register the extension on a static field");
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }
}
