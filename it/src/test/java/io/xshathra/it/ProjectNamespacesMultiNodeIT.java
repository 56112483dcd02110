package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.NamespaceSettings;
import io.xshathra.testkit.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes sharing one PostgreSQL database: a project's namespace changed through one node (as
 * its console does) is applied by both within 2 seconds, the other through the change feed, and
 * never reaches another project.
 */
class ProjectNamespacesMultiNodeIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();
    private static ServerFixture a;
    private static ServerFixture b;
    private static CreatedProject p;
    private static CreatedProject q;

    @BeforeAll
    static void start() {
        String url = POSTGRES.url();
        a = ServerFixture.builder().databaseUrl(url).start();
        b = ServerFixture.builder().databaseUrl(url).start();
        String owner = a.launcher().store().accounts().createUser("owner@example.com", "a-long-password-1")
                .toCompletableFuture().join().id();
        p = a.launcher().store().projects().create(owner, "shared").toCompletableFuture().join();
        q = a.launcher().store().projects().create(owner, "other").toCompletableFuture().join();
    }

    @AfterAll
    static void stop() {
        ServerFixture.closeAll(a, b);
    }

    @Test
    void aChangeThroughOneNodeIsAppliedByBothWithinTwoSeconds() {
        String id = p.project().id();
        NamespaceSettings onA = a.launcher().store().projects().namespaces();
        NamespaceSettings onB = b.launcher().store().projects().namespaces();
        assertThat(ProjectNamespacesIT.subscribeCode(b, id, "rooms:1")).isEqualTo(102);

        onA.set(id, "rooms", "{\"allow_subscribe_for_client\":true}").toCompletableFuture().join();
        assertThat(ProjectNamespacesIT.subscribeCode(a, id, "rooms:1")).as("at once on the node that changed it").isZero();
        Await.until(ProjectNamespacesIT.LIVE, () -> ProjectNamespacesIT.subscribeCode(b, id, "rooms:1") == 0,
                "node b applying node a's change");
        assertThat(ProjectNamespacesIT.subscribeCode(b, q.project().id(), "rooms:1")).as("not another project's").isEqualTo(102);

        onB.remove(id, "rooms").toCompletableFuture().join();
        assertThat(ProjectNamespacesIT.subscribeCode(b, id, "rooms:1")).isEqualTo(102);
        Await.until(ProjectNamespacesIT.LIVE, () -> ProjectNamespacesIT.subscribeCode(a, id, "rooms:1") == 102,
                "node a applying node b's removal");
    }
}
