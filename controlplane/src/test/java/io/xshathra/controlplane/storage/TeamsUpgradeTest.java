package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** Upgrading a database made before teams: each project's creator becomes its first owner. */
class TeamsUpgradeTest {

    @Test
    void existingOwnersBecomeOwnerMembers(@TempDir Path tmp) throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + tmp.resolve("old.db"));
        Flyway.configure(Migrations.class.getClassLoader()).dataSource(ds).locations(Migrations.LOCATION)
                .table(Migrations.TABLE).target("4").load().migrate();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("insert into accounts (id, email, password_hash, is_admin, created_at)"
                    + " values ('acct_1', 'a@example.com', 'h', false, 1)");
            st.executeUpdate("insert into projects (id, owner_id, name, name_key, client_api_key, server_key_hash,"
                    + " server_key_hint, created_at) values ('proj_1', 'acct_1', 'old', 'old', 'xs_pk_1', 'hash', 'xs_sk_ab', 42)");
        }
        assertThat(Migrations.migrate(ds)).isPositive();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select project_id, account_id, role, added_by, added_at from project_members")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("proj_1");
            assertThat(rs.getString(2)).isEqualTo("acct_1");
            assertThat(rs.getString(3)).isEqualTo("owner");
            assertThat(rs.getString(4)).isEqualTo("creator");
            assertThat(rs.getLong(5)).isEqualTo(42);
            assertThat(rs.next()).isFalse();
        }
    }
}
