package io.xshathra.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The control-plane matrix on a real PostgreSQL, started from Maven-provided binaries. */
class ControlPlanePostgresIT extends ControlPlaneMatrix {
    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @BeforeAll
    static void start() {
        startWith(POSTGRES.url());
    }
}
