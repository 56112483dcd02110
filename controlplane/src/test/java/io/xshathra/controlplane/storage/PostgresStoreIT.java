package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.Account;
import org.junit.jupiter.api.Test;

class PostgresStoreIT extends StoreContract {

    @Override
    protected DatabaseUrl newDatabase() throws Exception {
        return EmbeddedPostgresDatabases.newDatabase();
    }

    @Test
    void thePostgresUrlFormConnectsWithItsUserInfo() throws Exception {
        DatabaseUrl jdbc = EmbeddedPostgresDatabases.newDatabase();
        String db = jdbc.jdbcUrl().replaceAll(".*/([^/?]+)\\?.*", "$1");
        String url = "postgres://postgres:any%20password@localhost:" + EmbeddedPostgresDatabases.port() + "/" + db;
        try (ControlPlaneStore other = ControlPlaneStore.open(DatabaseUrl.parse(url), options())) {
            assertThat(other.dialect()).isEqualTo(DatabaseUrl.Dialect.POSTGRESQL);
            assertThat(other.description()).doesNotContain("any password").contains("user postgres");
            Account a = await(other.accounts().createUser("pg@example.com", "correct horse battery"));
            assertThat(a.admin()).isTrue();
        }
    }
}
