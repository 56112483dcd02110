package io.xshathra.it;

import org.junit.jupiter.api.BeforeAll;

/** The control-plane matrix on the default embedded SQLite database. */
class ControlPlaneSqliteIT extends ControlPlaneMatrix {

    @BeforeAll
    static void start() {
        startWith(null);
    }
}
