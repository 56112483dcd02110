package io.xshathra.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The teams matrix on a real PostgreSQL, started from Maven-provided binaries. */
class TeamsPostgresIT extends TeamsMatrix {
    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @BeforeAll
    static void start() {
        startWith(POSTGRES.url());
    }
}
