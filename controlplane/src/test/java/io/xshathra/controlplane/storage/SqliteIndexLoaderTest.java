package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.ProjectBackendIndex;
import io.xshathra.controlplane.ProjectIndexLoader;
import io.xshathra.controlplane.ProxyKind;
import io.xshathra.controlplane.limits.LimitOverrides;
import io.xshathra.controlplane.limits.LimitSettings;
import io.xshathra.controlplane.limits.ProjectLimitIndex;
import io.xshathra.controlplane.security.ProxyTargets;
import io.xshathra.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link ProjectIndexLoader}: one subscription keeps several indexes current, one project's
 * change reloads that project in each of them, and changes the feed cannot name make it read every
 * table again.
 */
class SqliteIndexLoaderTest extends StoreTestBase {
    private static final Duration ELSEWHERE = Duration.ofSeconds(4);
    private static final LimitSettings DEFAULTS = new LimitSettings(100, 0, 65536);

    @TempDir
    Path dir;
    private String a;
    private String b;
    private ProjectLimitIndex limits;
    private ProjectBackendIndex backends;

    @Override
    protected DatabaseUrl newDatabase() {
        return DatabaseUrl.sqlite(dir);
    }

    @BeforeEach
    void projects() {
        Account owner = await(store.accounts().createUser("owner@example.com", "correct horse battery"));
        a = await(store.projects().create(owner.id(), "a")).project().id();
        b = await(store.projects().create(owner.id(), "b")).project().id();
        await(store.limits().set(b, new LimitOverrides(3, null, null)));
        await(store.projects().proxies().set(b, ProxyKind.CONNECT, "http://127.0.0.1:9000/connect", null));
        limits = ProjectLimitIndex.create(store.limits(), DEFAULTS);
        backends = ProjectBackendIndex.create(store.projects().proxies());
        ProjectIndexLoader.start(store.events(), limits, backends);
    }

    /** Backends on this machine are allowed: the test's URLs are loopback ones. */
    @Override
    protected ControlPlaneStore.Options options() {
        return super.options().withProxyTargets(ProxyTargets.allowingPrivateNetworks());
    }

    @Test
    void oneChangeElsewhereReloadsThatProjectInEveryIndex() {
        assertThat(limits.of(b).maxConnections()).as("loaded at start").isEqualTo(3);
        assertThat(backends.of(b)).as("loaded at start").isPresent();
        try (ControlPlaneStore other = ControlPlaneStore.open(url, options())) {
            await(other.limits().set(a, new LimitOverrides(7, null, null)));
            await(other.projects().proxies().set(a, ProxyKind.RPC, "http://127.0.0.1:9000/rpc", null));
            Await.until(ELSEWHERE, () -> limits.of(a).maxConnections() == 7 && backends.of(a).isPresent(),
                    "another process's changes of one project, in both indexes");
            await(other.projects().delete(b));
            Await.until(ELSEWHERE, () -> !limits.projects().contains(b),
                    "a deleted project's limits dropped");
            Await.until(ELSEWHERE, () -> backends.of(b).isEmpty(), "a deleted project's backends dropped");
        }
        assertThat(limits.projects()).containsExactly(a);
    }

    @Test
    void changesTheFeedCannotNameMakeEveryTableReadAgain() {
        // Changes that bypass the feed, then a jump of the feed's count past what it keeps.
        sql(c -> Database.update(c, "insert into project_limits (project_id, max_connections,"
                + " max_publications_per_second, max_message_size, updated_at) values (?, 9, null, null, 0)", a));
        sql(c -> Database.update(c, "delete from project_limits where project_id = ?", b));
        sql(c -> Database.update(c, "delete from project_proxies where project_id = ?", b));
        sql(c -> Database.update(c, "update project_key_version set version = version + ? where id = 1",
                (long) KeyChanges.KEEP + 5));
        Await.until(ELSEWHERE, () -> limits.of(a).maxConnections() == 9 && limits.of(b).equals(DEFAULTS)
                && backends.of(b).isEmpty(), "every index read again");
        assertThat(limits.projects()).containsExactly(a);
        assertThat(backends.size()).isZero();
    }
}
