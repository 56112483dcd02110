package io.xshathra.controlplane.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.ProjectIndexLoader;
import io.xshathra.controlplane.security.PasswordHasher;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.controlplane.storage.DatabaseUrl;
import io.xshathra.engine.api.NodeInfo;
import io.xshathra.engine.client.SessionRegistry;
import io.xshathra.engine.project.LimitRefusal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limit math of {@link ProjectLimiter} and {@link PublicationRate}, over a real SQLite store. */
class ProjectLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;
    private ControlPlaneStore store;
    private String p;
    private String q;
    private final AtomicLong now = new AtomicLong(5 * SECOND);
    private ProjectLimiter limiter;

    @BeforeEach
    void open() {
        store = ControlPlaneStore.open(DatabaseUrl.sqlite(dir),
                ControlPlaneStore.Options.defaults().withPasswords(new PasswordHasher.Params(64, 1, 1)));
        String owner = store.accounts().createUser("o@example.com", "correct horse battery").toCompletableFuture().join().id();
        CreatedProject a = store.projects().create(owner, "a").toCompletableFuture().join();
        CreatedProject b = store.projects().create(owner, "b").toCompletableFuture().join();
        p = a.project().id();
        q = b.project().id();
        ProjectLimitIndex index = ProjectLimitIndex.create(store.limits(), new LimitSettings(0, 0, 1000));
        ProjectIndexLoader.start(store.events(), index);
        limiter = new ProjectLimiter(index, new SessionRegistry(), now::get);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void set(String project, Integer conns, Integer rate, Integer size) {
        store.limits().set(project, new LimitOverrides(conns, rate, size)).toCompletableFuture().join();
    }

    @Test
    void withoutLimitsEverythingIsAdmittedAndNothingAnnounced() {
        set(p, null, null, 0);
        assertThat(limiter.admitConnection(p)).isNull();
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.admitPublications(p, 1, 1 << 20)).isNull();
        }
        assertThat(limiter.localConnections()).isEmpty();
        assertThat(limiter.usage(p).publicationsPerSecond()).as("not counted without a rate limit").isZero();
    }

    @Test
    void theDefaultSizeAppliesUntilAProjectOverridesIt() {
        assertThat(limiter.admitPublications(p, 1, 1000)).isNull();
        LimitRefusal r = limiter.admitPublications(p, 1, 1001);
        assertThat(r.limit()).isEqualTo(LimitRefusal.Limit.MAX_MESSAGE_SIZE);
        assertThat(r.message()).isEqualTo("project message size limit exceeded (1001 bytes, limit 1000)");
        set(q, null, null, 5000);
        assertThat(limiter.admitPublications(q, 1, 4000)).isNull();
    }

    @Test
    void theRateAdmitsOneSecondsWorthThenRefillsSteadily() {
        set(p, null, 10, null);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.admitPublications(p, 1, 10)).as("publication " + i).isNull();
        }
        LimitRefusal r = limiter.admitPublications(p, 1, 10);
        assertThat(r.limit()).isEqualTo(LimitRefusal.Limit.MAX_PUBLICATIONS_PER_SECOND);
        assertThat(r.retryAfterSeconds()).isEqualTo(1);
        assertThat(r.message()).isEqualTo("project publication rate limit reached (10 per second)");
        now.addAndGet(SECOND / 10);
        assertThat(limiter.admitPublications(p, 1, 10)).as("a tenth of a second refills one").isNull();
        assertThat(limiter.admitPublications(p, 1, 10)).isNotNull();
        assertThat(limiter.admitPublications(q, 1, 10)).as("another project's budget").isNull();
        assertThat(limiter.usage(p).publicationsPerSecond()).isEqualTo(11);
        now.addAndGet(3 * SECOND);
        assertThat(limiter.admitPublications(p, 10, 10)).as("a broadcast of ten after a pause").isNull();
        assertThat(limiter.admitPublications(p, 11, 10)).as("more than a second's worth at once").isNotNull();
    }

    @Test
    void eachNodeAdmitsItsShareOfTheRate() {
        set(p, null, 10, null);
        limiter.observe(List.of(node("self", Map.of()), node("b", Map.of()), node("c", Map.of())));
        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            admitted += limiter.admitPublications(p, 1, 1) == null ? 1 : 0;
        }
        assertThat(admitted).as("ceil(10 / 3)").isEqualTo(4);
        assertThat(limiter.usage(p).nodes()).isEqualTo(3);
    }

    @Test
    void connectionsCountTheOtherNodesAnnouncements() {
        set(p, 5, null, null);
        assertThat(limiter.admitConnection(p)).isNull();
        limiter.observe(List.of(node("self", Map.of(p, 0)), node("b", Map.of(p, 3)), node("c", Map.of(p, 2, q, 9))));
        LimitRefusal r = limiter.admitConnection(p);
        assertThat(r).isNotNull();
        assertThat(r.message()).isEqualTo("project connection limit reached (5)");
        assertThat(limiter.usage(p).connections()).isEqualTo(5);
        assertThat(limiter.admitConnection(q)).as("q has no limit").isNull();
        limiter.observe(List.of(node("self", Map.of()), node("b", Map.of(p, 3))));
        assertThat(limiter.admitConnection(p)).as("node c left").isNull();
    }

    private static NodeInfo node(String id, Map<String, Integer> counts) {
        return new NodeInfo(id, id, "v", 0, 0, 0, 0, 0, counts);
    }
}
