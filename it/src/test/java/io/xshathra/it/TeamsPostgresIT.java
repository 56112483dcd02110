package io.xshathra.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The teams matrix on a real PostgreSQL, started from Maven-provided binaries. */
class TeamsPostgresIT extends TeamsMatrix {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() {
        try {
            postgres = EmbeddedPostgres.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startWith(postgres.getJdbcUrl("postgres", "postgres"));
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        stop();
        server = null;
        if (postgres != null) {
            postgres.close();
        }
    }
}
