package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.security.HashingPool;
import io.xshathra.controlplane.security.PasswordHasher;
import io.xshathra.testkit.MutableClock;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the contract suites share: a fresh, empty database per test (from the subclass: SQLite in
 * a temporary folder or a new PostgreSQL database), a store on it with a hand-moved clock and
 * cheap Argon2 parameters (the default cost is tested on its own).
 */
public abstract class StoreTestBase {

    /** Argon2id at its cheapest, so that suites creating many accounts stay fast. */
    public static final PasswordHasher.Params CHEAP = new PasswordHasher.Params(64, 1, 1);

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    protected DatabaseUrl url;
    protected ControlPlaneStore store;

    /** A new empty database for one test. */
    protected abstract DatabaseUrl newDatabase() throws Exception;

    protected ControlPlaneStore.Options options() {
        return ControlPlaneStore.Options.defaults().withClock(clock).withPasswords(CHEAP);
    }

    /** Room for the suites that create many accounts at once (the production queue is short). */
    protected static final HashingPool.Size ROOMY = new HashingPool.Size(2, 1_000);

    @BeforeEach
    void openStore() throws Exception {
        url = newDatabase();
        store = ControlPlaneStore.open(url, options(), ROOMY);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** Waits for a stage and returns its value; a failure is rethrown as it is (unwrapped). */
    protected static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new CompletionException(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Asserts that the call is refused for this reason, with a message that contains {@code message}. */
    protected static void assertRefused(Runnable call, ControlPlaneException.Reason reason, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ControlPlaneException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(message);
        });
    }

    /** Runs raw SQL against the store's database, for looking at what is stored. */
    protected <T> T sql(Database.Work<T> work) {
        try {
            return store.database().read(work);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
