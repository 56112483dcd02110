package io.xshathra.it;

import org.junit.jupiter.api.BeforeAll;

/** The teams matrix on the default embedded SQLite database. */
class TeamsSqliteIT extends TeamsMatrix {

    @BeforeAll
    static void start() {
        startWith(null);
    }
}
