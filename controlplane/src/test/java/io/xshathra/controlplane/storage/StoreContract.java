package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.StorageException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Opening, migrating and closing the store, run against every database. */
public abstract class StoreContract extends StoreTestBase {

    @Test
    void migrationsApplyOnAnEmptyDatabaseAndNothingRunsOnRestart() {
        List<String> versions = sql(c -> Database.query(c,
                "select version from xshathra_schema_history where success = ? order by installed_rank",
                rs -> rs.getString(1), true));
        // V1 is the schema, V2 the key change feed.
        assertThat(versions).startsWith("1").contains("2").doesNotHaveDuplicates();
        Account a = await(store.accounts().createUser("restart@example.com", "correct horse battery"));
        CreatedProject p = await(store.projects().create(a.id(), "survives"));
        store.close();

        store = ControlPlaneStore.open(url, options());
        assertThat(Migrations.migrate(store.database().dataSource())).isZero();
        assertThat(await(store.projects().find(p.project().id()))).contains(p.project());
        assertThat(await(store.directory().authenticateServerKey(p.serverApiKey()))).isPresent();
        assertThat(await(store.accounts().findById(a.id()))).contains(a);
    }

    @Test
    void foreignKeysAreEnforced() {
        assertThatThrownBy(() -> store.database().write(c -> Database.update(c,
                "insert into sessions (id, token_hash, account_id, created_at, last_seen_at, expires_at)"
                        + " values ('sess_x', 'h', 'acct_missing', 0, 0, 1)")))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void aFullQueueRefusesWorkWithAClearError() throws Exception {
        store.close();
        store = ControlPlaneStore.open(url, options().withExecutor(1, 1));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        store.projects().onDeleted(id -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Account a = await(store.accounts().createUser("busy@example.com", "correct horse battery"));
        CreatedProject p = await(store.projects().create(a.id(), "busy"));
        CompletableFuture<Boolean> blocking = store.projects().delete(p.project().id()).toCompletableFuture();
        running.await();
        CompletableFuture<Long> queued = store.accounts().count().toCompletableFuture();
        assertThatThrownBy(() -> await(store.accounts().count()))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.overloaded()).isTrue();
                    assertThat(e.getMessage()).contains("overloaded");
                });
        release.countDown();
        assertThat(blocking.join()).isTrue();
        assertThat(queued.join()).isEqualTo(1);
    }

    @Test
    void workAfterCloseFailsInsteadOfHanging() {
        store.close();
        assertThatThrownBy(() -> await(store.accounts().count())).isInstanceOf(StorageException.class)
                .hasMessageContaining("closed");
        store = null;
    }
}
