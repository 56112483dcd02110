package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.ProjectDirectory;
import io.xshathra.controlplane.RotatedKey;
import io.xshathra.controlplane.StorageException;
import io.xshathra.controlplane.security.ApiKeys;
import io.xshathra.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key path of {@link ProjectDirectory}: remembered keys, their invalidation here and from
 * another process sharing the database, its bounds, and its independence from the storage
 * executor. Run against every database.
 */
public abstract class KeyDirectoryContract extends StoreTestBase {

    /** How long another process's change may take to be seen here: the poll plus slack for a slow machine. */
    static final Duration ELSEWHERE = Duration.ofSeconds(4);

    private Account owner;

    @BeforeEach
    void owner() {
        owner = await(store.accounts().createUser("keys@example.com", "correct horse battery"));
    }

    private CreatedProject project(String name) {
        return await(store.projects().create(owner.id(), name));
    }

    /** The answer, which must already be there: given from memory, without a database read. */
    private static <T> T fromMemory(CompletionStage<T> stage) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        assertThat(f).as("answered from memory").isDone();
        return f.join();
    }

    private ProjectDirectory directory() {
        return store.directory();
    }

    @Test
    void confirmedKeysAreRememberedByTheirHashOnly() {
        CreatedProject p = project("remembered");
        assertThat(directory().cachedServerKey(p.serverApiKey())).isEmpty();
        assertThat(await(directory().authenticateServerKey(p.serverApiKey()))).contains(p.project());
        assertThat(await(directory().findByClientKey(p.clientApiKey()))).contains(p.project());
        assertThat(await(directory().find(p.project().id()))).contains(p.project());

        assertThat(fromMemory(directory().authenticateServerKey(p.serverApiKey()))).contains(p.project());
        assertThat(directory().cachedServerKey(p.serverApiKey())).contains(p.project());
        assertThat(fromMemory(directory().findByClientKey(p.clientApiKey()))).contains(p.project());
        assertThat(fromMemory(directory().find(p.project().id()))).contains(p.project());
        KeyCache cache = store.keys().cache();
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.holdsText(p.serverApiKey().substring(ApiKeys.SERVER_PREFIX.length()))).isFalse();
        assertThat(cache.holdsText(p.clientApiKey().substring(ApiKeys.CLIENT_PREFIX.length()))).isFalse();
        assertThat(cache.holdsText(ApiKeys.hash(p.serverApiKey()))).isTrue();
    }

    @Test
    void unknownKeysAreNeverRememberedAsValidAndRepeatsCostNoRead() {
        CreatedProject p = project("real");
        String wrong = ApiKeys.newServerKey();
        assertThat(await(directory().authenticateServerKey(wrong))).isEmpty();
        assertThat(fromMemory(directory().authenticateServerKey(wrong))).as("a repeated unknown key").isEmpty();
        for (int i = 0; i < 50; i++) {
            assertThat(await(directory().authenticateServerKey(ApiKeys.newServerKey()))).isEmpty();
            assertThat(await(directory().findByClientKey(ApiKeys.newClientKey()))).isEmpty();
        }
        assertThat(await(directory().find("proj_01ARZ3NDEKTSV4RRFFQ69G5FAV"))).isEmpty();
        assertThat(store.keys().cache().size()).isZero();
        assertThat(store.keys().cache().unknownSize()).isEqualTo(101);
        assertThat(await(directory().authenticateServerKey(p.serverApiKey()))).contains(p.project());
        assertThat(store.keys().cache().size()).isEqualTo(1);
    }

    @Test
    void theCacheStaysWithinItsBoundAndEveryKeyStillWorks() {
        store.close();
        store = ControlPlaneStore.open(url, options(), KeyDirectory.Settings.defaults().withCacheEntries(16));
        owner = await(store.accounts().createUser("bounded@example.com", "correct horse battery"));
        List<CreatedProject> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(project("p" + i));
        }
        for (int round = 0; round < 2; round++) {
            for (CreatedProject p : all) {
                assertThat(await(directory().authenticateServerKey(p.serverApiKey()))).contains(p.project());
                assertThat(store.keys().cache().size()).isLessThanOrEqualTo(16);
            }
        }
    }

    @Test
    void rotationWithoutGraceStopsARememberedKeyAtOnce() {
        CreatedProject p = project("rotate");
        assertThat(await(directory().authenticateServerKey(p.serverApiKey()))).isPresent();
        RotatedKey rotated = await(store.projects().rotateServerKey(p.project().id(), Duration.ZERO));
        assertThat(directory().cachedServerKey(p.serverApiKey())).isEmpty();
        assertThat(await(directory().authenticateServerKey(p.serverApiKey()))).isEmpty();
        assertThat(await(directory().authenticateServerKey(rotated.serverApiKey()))).map(Project::id)
                .contains(p.project().id());
    }

    @Test
    void aRememberedPreviousKeyStopsWhenItsGraceEnds() {
        CreatedProject p = project("grace");
        RotatedKey rotated = await(store.projects().rotateServerKey(p.project().id(), Duration.ofMinutes(10)));
        assertThat(await(directory().authenticateServerKey(p.serverApiKey()))).isPresent();
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(fromMemory(directory().authenticateServerKey(p.serverApiKey()))).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(fromMemory(directory().authenticateServerKey(p.serverApiKey()))).as("grace over").isEmpty();
        assertThat(await(directory().authenticateServerKey(p.serverApiKey()))).isEmpty();
        assertThat(await(directory().authenticateServerKey(rotated.serverApiKey()))).isPresent();
    }

    @Test
    void aRememberedPreviousClientKeyStopsWhenItsGraceEnds() {
        CreatedProject p = project("client grace");
        assertThat(await(directory().findByClientKey(p.clientApiKey()))).isPresent();
        await(store.projects().rotateClientKey(p.project().id(), Duration.ofMinutes(10)));
        assertThat(await(directory().findByClientKey(p.clientApiKey()))).isPresent();
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(fromMemory(directory().findByClientKey(p.clientApiKey()))).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(fromMemory(directory().findByClientKey(p.clientApiKey()))).as("grace over").isEmpty();
        assertThat(await(directory().findByClientKey(p.clientApiKey()))).isEmpty();
    }

    @Test
    void deletionStopsEveryRememberedAnswerAtOnce() {
        CreatedProject p = project("doomed");
        RotatedKey rotated = await(store.projects().rotateServerKey(p.project().id(), Duration.ofHours(1)));
        assertThat(await(directory().authenticateServerKey(p.serverApiKey()))).isPresent();
        assertThat(await(directory().authenticateServerKey(rotated.serverApiKey()))).isPresent();
        assertThat(await(directory().findByClientKey(p.clientApiKey()))).isPresent();
        assertThat(await(directory().find(p.project().id()))).isPresent();

        assertThat(await(store.projects().delete(p.project().id()))).isTrue();
        assertThat(await(directory().authenticateServerKey(p.serverApiKey()))).isEmpty();
        assertThat(await(directory().authenticateServerKey(rotated.serverApiKey()))).isEmpty();
        assertThat(await(directory().findByClientKey(p.clientApiKey()))).isEmpty();
        assertThat(await(directory().find(p.project().id()))).isEmpty();
    }

    @Test
    void aRenameIsSeenByRememberedAnswers() {
        CreatedProject p = project("before");
        assertThat(await(directory().authenticateServerKey(p.serverApiKey()))).map(Project::name).contains("before");
        assertThat(await(directory().find(p.project().id()))).map(Project::name).contains("before");
        await(store.projects().rename(p.project().id(), "after"));
        assertThat(await(directory().authenticateServerKey(p.serverApiKey()))).map(Project::name).contains("after");
        assertThat(await(directory().find(p.project().id()))).map(Project::name).contains("after");
    }

    @Test
    void changesByAnotherProcessAreSeenWithinTheBound() {
        CreatedProject rotatedOne = project("rotated elsewhere");
        CreatedProject deletedOne = project("deleted elsewhere");
        CreatedProject graceOne = project("grace elsewhere");
        for (CreatedProject p : List.of(rotatedOne, deletedOne, graceOne)) {
            assertThat(await(directory().authenticateServerKey(p.serverApiKey()))).isPresent();
            assertThat(await(directory().findByClientKey(p.clientApiKey()))).isPresent();
        }
        List<String> changed = new CopyOnWriteArrayList<>();
        store.events().onChanged(changed::add);
        // A second store on the same database is what the CLI or another node is.
        try (ControlPlaneStore other = ControlPlaneStore.open(url, options())) {
            await(other.projects().rotateServerKey(rotatedOne.project().id(), Duration.ZERO));
            await(other.projects().delete(deletedOne.project().id()));
            RotatedKey graced = await(other.projects().rotateServerKey(graceOne.project().id(), Duration.ofMinutes(5)));
            await(other.projects().rotateClientKey(rotatedOne.project().id(), Duration.ZERO));
            Duration took = Await.until(ELSEWHERE,
                    () -> await(directory().authenticateServerKey(rotatedOne.serverApiKey())).isEmpty()
                            && await(directory().authenticateServerKey(deletedOne.serverApiKey())).isEmpty()
                            && await(directory().findByClientKey(deletedOne.clientApiKey())).isEmpty()
                            && await(directory().findByClientKey(rotatedOne.clientApiKey())).isEmpty(),
                    "the other store's rotation and deletion are seen here");
            assertThat(took).isLessThan(ELSEWHERE);
            assertThat(await(directory().authenticateServerKey(graceOne.serverApiKey()))).as("in its grace period")
                    .isPresent();
            assertThat(await(directory().authenticateServerKey(graced.serverApiKey()))).isPresent();
            Await.until(ELSEWHERE, () -> changed.containsAll(List.of(rotatedOne.project().id(),
                    deletedOne.project().id(), graceOne.project().id())), "onChanged reports the other store's changes");
        }
    }

    @Test
    void aFeedThatCannotBeFollowedMakesTheCacheStepAside() {
        store.close();
        KeyDirectory.Settings rarely = new KeyDirectory.Settings(2, 16, 100, 100, Duration.ofSeconds(10),
                Duration.ofHours(1), Duration.ofMillis(300), Duration.ofMinutes(5));
        store = ControlPlaneStore.open(url, options(), rarely);
        owner = await(store.accounts().createUser("stale@example.com", "correct horse battery"));
        CreatedProject p = project("behind the feed's back");
        assertThat(await(directory().authenticateServerKey(p.serverApiKey()))).isPresent();
        // A deletion that bypasses the feed entirely, so only the stale limit can end the key here.
        sql(c -> Database.update(c, "delete from projects where id = ?", p.project().id()));
        Await.until(Duration.ofSeconds(3), () -> await(directory().authenticateServerKey(p.serverApiKey())).isEmpty(),
                "past the stale limit the database is asked again");

        CreatedProject q = project("after a successful look");
        store.keys().poll();
        assertThat(await(directory().authenticateServerKey(q.serverApiKey()))).isPresent();
        assertThat(fromMemory(directory().authenticateServerKey(q.serverApiKey()))).isPresent();
    }

    @Test
    void changesTheFeedCannotNameOneByOneForgetEverything() {
        CreatedProject p = project("gap");
        assertThat(await(directory().authenticateServerKey(p.serverApiKey()))).isPresent();
        sql(c -> Database.update(c, "update project_key_version set version = version + ? where id = 1",
                (long) KeyChanges.KEEP + 5));
        store.keys().poll();
        assertThat(store.keys().cache().size()).isZero();
        assertThat(await(directory().authenticateServerKey(p.serverApiKey()))).isPresent();
    }

    @Test
    void theFeedKeepsABoundedNumberOfChanges() {
        CreatedProject p = project("busy");
        for (int i = 0; i < 5; i++) {
            await(store.projects().rename(p.project().id(), "busy " + i));
        }
        long rows = sql(c -> Database.queryOne(c, "select count(*) from project_key_changes", rs -> rs.getLong(1))).orElseThrow();
        assertThat(rows).isEqualTo(5);
        sql(c -> Database.update(c, "update project_key_version set version = version + ? where id = 1",
                (long) KeyChanges.KEEP));
        await(store.projects().rename(p.project().id(), "busy again"));
        List<Long> kept = sql(c -> Database.query(c, "select version from project_key_changes", rs -> rs.getLong(1)));
        assertThat(kept).as("rows older than the last " + KeyChanges.KEEP + " changes are deleted").hasSize(1);
    }

    @Test
    void keyChecksDoNotWaitBehindABusyStorageExecutor() throws Exception {
        CreatedProject known = project("known");
        CreatedProject cold = project("cold");
        assertThat(await(directory().authenticateServerKey(known.serverApiKey()))).isPresent();
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
        CreatedProject victim = await(store.projects().create(owner.id(), "victim"));
        CompletableFuture<Boolean> blocking = store.projects().delete(victim.project().id()).toCompletableFuture();
        try {
            running.await();
            CompletableFuture<Long> queued = store.accounts().count().toCompletableFuture();
            assertThatThrownBy(() -> await(store.accounts().count())).isInstanceOf(StorageException.class)
                    .hasMessageContaining("overloaded");
            long start = System.nanoTime();
            assertThat(await(directory().authenticateServerKey(cold.serverApiKey()))).contains(cold.project());
            assertThat(await(directory().authenticateServerKey(known.serverApiKey()))).contains(known.project());
            assertThat(await(directory().findByClientKey(cold.clientApiKey()))).contains(cold.project());
            assertThat(await(directory().find(known.project().id()))).contains(known.project());
            assertThat(await(directory().ping())).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(queued).isNotDone();
        } finally {
            release.countDown();
        }
        assertThat(blocking.join()).isTrue();
    }

    @Test
    void concurrentChecksOfOneKeyShareOneRead() {
        store.close();
        // One thread and two waiting places: 200 separate reads would overflow it.
        store = ControlPlaneStore.open(url, options(), KeyDirectory.Settings.defaults().withExecutor(1, 2));
        owner = await(store.accounts().createUser("together@example.com", "correct horse battery"));
        CreatedProject p = project("together");
        List<CompletableFuture<Optional<Project>>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(directory().authenticateServerKey(p.serverApiKey()).toCompletableFuture());
        }
        for (CompletableFuture<Optional<Project>> f : all) {
            assertThat(await(f)).contains(p.project());
        }
    }
}
