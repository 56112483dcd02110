package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.ControlPlaneException.Reason;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.ProjectDirectory;
import io.xshathra.controlplane.Projects;
import io.xshathra.controlplane.RotatedClientKey;
import io.xshathra.controlplane.RotatedKey;
import io.xshathra.controlplane.security.ApiKeys;
import io.xshathra.controlplane.security.Ulid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link Projects} and {@link ProjectDirectory} contract, run against every database. */
public abstract class ProjectsContract extends StoreTestBase {

    private Projects projects;
    private ProjectDirectory directory;
    private Account owner;
    private Account other;

    @BeforeEach
    void accounts() {
        projects = store.projects();
        directory = store.directory();
        owner = await(store.accounts().createUser("owner@example.com", "correct horse battery"));
        other = await(store.accounts().createUser("other@example.com", "correct horse battery"));
    }

    private static void assertRefused(Runnable call, Reason reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ControlPlaneException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void createListFindRenameDelete() {
        CreatedProject production = await(projects.create(owner.id(), "production"));
        clock.advance(Duration.ofSeconds(1));
        CreatedProject staging = await(projects.create(owner.id(), "  staging  "));
        CreatedProject theirs = await(projects.create(other.id(), "production"));

        Project p = production.project();
        assertThat(p.name()).isEqualTo("production");
        assertThat(p.ownerId()).isEqualTo(owner.id());
        assertThat(p.createdAt()).isEqualTo(clock.instant().minusSeconds(1));
        assertThat(staging.project().name()).isEqualTo("staging");

        assertThat(await(projects.list(owner.id()))).extracting(Project::name).containsExactly("production", "staging");
        assertThat(await(projects.list(other.id()))).containsExactly(theirs.project());
        assertThat(await(projects.listAll())).hasSize(3);
        assertThat(await(projects.find(p.id()))).contains(p);
        assertThat(await(directory.find(p.id()))).contains(p);
        assertThat(await(projects.find("proj_01ARZ3NDEKTSV4RRFFQ69G5FAV"))).isEmpty();

        Project renamed = await(projects.rename(p.id(), "prod"));
        assertThat(renamed).isEqualTo(new Project(p.id(), "prod", p.ownerId(), p.clientApiKey(), p.serverKeyHint(),
                p.createdAt()));
        assertThat(await(projects.find(p.id()))).contains(renamed);

        assertThat(await(projects.delete(p.id()))).isTrue();
        assertThat(await(projects.delete(p.id()))).isFalse();
        assertThat(await(projects.find(p.id()))).isEmpty();
        assertThat(await(projects.list(owner.id()))).extracting(Project::name).containsExactly("staging");
    }

    @Test
    void idsAndKeysHaveTheirFormats() {
        CreatedProject created = await(projects.create(owner.id(), "formats"));
        Project p = created.project();
        assertThat(p.id()).startsWith("proj_").hasSize(5 + 26);
        assertThat(Ulid.isValid(p.id().substring(5))).isTrue();
        assertThat(created.serverApiKey()).matches("xs_sk_[0-9A-Za-z]{43}");
        assertThat(created.clientApiKey()).matches("xs_pk_[0-9A-Za-z]{33}").isEqualTo(p.clientApiKey());
        assertThat(p.serverKeyHint()).isEqualTo(created.serverApiKey().substring(0, 10)).startsWith("xs_sk_");
        assertThat(created.toString()).doesNotContain(created.serverApiKey());
        assertThat(owner.id()).matches("acct_[0-9A-HJKMNP-TV-Z]{26}");
    }

    @Test
    void theServerKeyIsStoredOnlyAsItsHash() {
        CreatedProject created = await(projects.create(owner.id(), "hashed"));
        Map<String, String> row = sql(c -> Database.queryOne(c, "select * from projects where id = ?", rs -> {
            Map<String, String> m = new java.util.HashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                m.put(rs.getMetaData().getColumnName(i).toLowerCase(java.util.Locale.ROOT), rs.getString(i));
            }
            return m;
        }, created.project().id())).orElseThrow();
        assertThat(row.values()).doesNotContain(created.serverApiKey());
        assertThat(String.join("|", row.values().stream().map(String::valueOf).toList()))
                .doesNotContain(created.serverApiKey().substring(6));
        assertThat(row.get("server_key_hash")).isEqualTo(ApiKeys.hash(created.serverApiKey())).hasSize(64);
        assertThat(row.get("client_api_key")).isEqualTo(created.clientApiKey());
    }

    @Test
    void theServerKeyAuthenticatesAndNothingElseDoes() {
        CreatedProject created = await(projects.create(owner.id(), "auth"));
        String key = created.serverApiKey();
        assertThat(await(directory.authenticateServerKey(key))).contains(created.project());

        char last = key.charAt(key.length() - 1);
        String oneCharOff = key.substring(0, key.length() - 1) + (last == 'a' ? 'b' : 'a');
        for (String wrong : new String[] {oneCharOff, ApiKeys.newServerKey(), created.clientApiKey(), key + "x",
                key.substring(0, 20), "", created.project().serverKeyHint(), key.toUpperCase(java.util.Locale.ROOT)}) {
            assertThat(await(directory.authenticateServerKey(wrong))).as(wrong).isEmpty();
        }
        assertThat(await(directory.authenticateServerKey(null))).isEmpty();
    }

    @Test
    void theClientKeyFindsItsProject() {
        CreatedProject created = await(projects.create(owner.id(), "client"));
        assertThat(await(directory.findByClientKey(created.clientApiKey()))).contains(created.project());
        assertThat(await(directory.findByClientKey(ApiKeys.newClientKey()))).isEmpty();
        assertThat(await(directory.findByClientKey(created.serverApiKey()))).isEmpty();
        assertThat(await(directory.findByClientKey(null))).isEmpty();
    }

    @Test
    void rotationWithoutGraceEndsTheOldKeyAtOnce() {
        CreatedProject created = await(projects.create(owner.id(), "rotate"));
        RotatedKey rotated = await(projects.rotateServerKey(created.project().id(), Duration.ZERO));
        assertThat(rotated.serverApiKey()).matches("xs_sk_[0-9A-Za-z]{43}").isNotEqualTo(created.serverApiKey());
        assertThat(rotated.previousKeyValidUntil()).isEmpty();
        assertThat(rotated.project().serverKeyHint()).isEqualTo(ApiKeys.hint(rotated.serverApiKey()));
        assertThat(rotated.toString()).doesNotContain(rotated.serverApiKey());
        assertThat(await(directory.authenticateServerKey(created.serverApiKey()))).isEmpty();
        assertThat(await(directory.authenticateServerKey(rotated.serverApiKey()))).map(Project::id)
                .contains(created.project().id());
        assertThat(await(projects.find(created.project().id()))).map(Project::serverKeyHint)
                .contains(rotated.project().serverKeyHint());
    }

    @Test
    void rotationWithGraceKeepsTheOldKeyUntilTheGraceEnds() {
        CreatedProject created = await(projects.create(owner.id(), "grace"));
        String id = created.project().id();
        RotatedKey rotated = await(projects.rotateServerKey(id, Duration.ofMinutes(10)));
        assertThat(rotated.previousKeyValidUntil()).contains(clock.instant().plus(Duration.ofMinutes(10)));

        assertThat(await(directory.authenticateServerKey(created.serverApiKey()))).isPresent();
        assertThat(await(directory.authenticateServerKey(rotated.serverApiKey()))).isPresent();
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(await(directory.authenticateServerKey(created.serverApiKey()))).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(await(directory.authenticateServerKey(created.serverApiKey()))).isEmpty();
        assertThat(await(directory.authenticateServerKey(rotated.serverApiKey()))).isPresent();
    }

    @Test
    void aSecondRotationEndsTheEarlierPreviousKey() {
        CreatedProject created = await(projects.create(owner.id(), "twice"));
        String id = created.project().id();
        RotatedKey first = await(projects.rotateServerKey(id, Duration.ofHours(1)));
        RotatedKey second = await(projects.rotateServerKey(id, Duration.ofHours(1)));
        assertThat(await(directory.authenticateServerKey(created.serverApiKey()))).isEmpty();
        assertThat(await(directory.authenticateServerKey(first.serverApiKey()))).isPresent();
        assertThat(await(directory.authenticateServerKey(second.serverApiKey()))).isPresent();
        await(projects.rotateServerKey(id, Duration.ZERO));
        assertThat(await(directory.authenticateServerKey(first.serverApiKey()))).isEmpty();
        assertThat(await(directory.authenticateServerKey(second.serverApiKey()))).isEmpty();
    }

    @Test
    void rotationRefusesBadGraceAndUnknownProjects() {
        CreatedProject created = await(projects.create(owner.id(), "bad grace"));
        assertRefused(() -> await(projects.rotateServerKey(created.project().id(), Duration.ofSeconds(-1))),
                Reason.INVALID_ARGUMENT);
        assertRefused(() -> await(projects.rotateServerKey(created.project().id(), Duration.ofDays(31))),
                Reason.INVALID_ARGUMENT);
        assertRefused(() -> await(projects.rotateServerKey("proj_nope", Duration.ZERO)), Reason.NOT_FOUND);
        assertThat(await(directory.authenticateServerKey(created.serverApiKey()))).isPresent();
    }

    @Test
    void clientKeyRotationWithoutGraceEndsTheOldKeyAtOnce() {
        CreatedProject created = await(projects.create(owner.id(), "client rotate"));
        RotatedClientKey rotated = await(projects.rotateClientKey(created.project().id(), Duration.ZERO));
        String fresh = rotated.project().clientApiKey();
        assertThat(fresh).matches("xs_pk_[0-9A-Za-z]{33}").isNotEqualTo(created.clientApiKey());
        assertThat(rotated.previousKeyValidUntil()).isEmpty();
        assertThat(await(directory.findByClientKey(created.clientApiKey()))).isEmpty();
        assertThat(await(directory.findByClientKey(fresh))).map(Project::id).contains(created.project().id());
        assertThat(await(projects.find(created.project().id()))).map(Project::clientApiKey).contains(fresh);
        assertThat(await(directory.authenticateServerKey(created.serverApiKey()))).as("the server key is untouched")
                .isPresent();
    }

    @Test
    void clientKeyRotationWithGraceKeepsTheOldKeyUntilTheGraceEnds() {
        CreatedProject created = await(projects.create(owner.id(), "client grace"));
        String id = created.project().id();
        assertThat(await(directory.findByClientKey(created.clientApiKey()))).isPresent();
        RotatedClientKey rotated = await(projects.rotateClientKey(id, Duration.ofMinutes(10)));
        assertThat(rotated.previousKeyValidUntil()).contains(clock.instant().plus(Duration.ofMinutes(10)));

        assertThat(await(directory.findByClientKey(created.clientApiKey()))).map(Project::id).contains(id);
        assertThat(await(directory.findByClientKey(rotated.project().clientApiKey()))).map(Project::id).contains(id);
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(await(directory.findByClientKey(created.clientApiKey()))).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(await(directory.findByClientKey(created.clientApiKey()))).isEmpty();
        assertThat(await(directory.findByClientKey(rotated.project().clientApiKey()))).isPresent();
    }

    @Test
    void aSecondClientRotationEndsTheEarlierPreviousKey() {
        CreatedProject created = await(projects.create(owner.id(), "client twice"));
        String id = created.project().id();
        RotatedClientKey first = await(projects.rotateClientKey(id, Duration.ofHours(1)));
        RotatedClientKey second = await(projects.rotateClientKey(id, Duration.ofHours(1)));
        assertThat(await(directory.findByClientKey(created.clientApiKey()))).isEmpty();
        assertThat(await(directory.findByClientKey(first.project().clientApiKey()))).isPresent();
        assertThat(await(directory.findByClientKey(second.project().clientApiKey()))).isPresent();
        assertRefused(() -> await(projects.rotateClientKey(id, Duration.ofSeconds(-1))), Reason.INVALID_ARGUMENT);
        assertRefused(() -> await(projects.rotateClientKey(id, Duration.ofDays(31))), Reason.INVALID_ARGUMENT);
        assertRefused(() -> await(projects.rotateClientKey("proj_nope", Duration.ZERO)), Reason.NOT_FOUND);
        await(projects.rotateClientKey(id, Duration.ZERO));
        assertThat(await(directory.findByClientKey(first.project().clientApiKey()))).isEmpty();
        assertThat(await(directory.findByClientKey(second.project().clientApiKey()))).isEmpty();
    }

    @Test
    void deleteStopsBothKeysAtOnceAndTellsTheListeners() {
        List<String> deleted = new ArrayList<>();
        projects.onDeleted(deleted::add);
        projects.onDeleted(id -> {
            throw new IllegalStateException("a broken listener does not stop the others");
        });
        projects.onDeleted(id -> deleted.add("second:" + id));
        CreatedProject created = await(projects.create(owner.id(), "doomed"));
        RotatedKey rotated = await(projects.rotateServerKey(created.project().id(), Duration.ofHours(1)));
        String id = created.project().id();

        assertThat(await(projects.delete(id))).isTrue();
        assertThat(deleted).containsExactly(id, "second:" + id);
        assertThat(await(directory.authenticateServerKey(rotated.serverApiKey()))).isEmpty();
        assertThat(await(directory.authenticateServerKey(created.serverApiKey()))).isEmpty();
        assertThat(await(directory.findByClientKey(created.clientApiKey()))).isEmpty();
        assertThat(await(projects.delete(id))).isFalse();
        assertThat(deleted).hasSize(2);
    }

    @Test
    void namesAreUniquePerOwnerIgnoringCase() {
        CreatedProject staging = await(projects.create(owner.id(), "Staging"));
        assertRefused(() -> await(projects.create(owner.id(), "staging")), Reason.NAME_TAKEN);
        assertRefused(() -> await(projects.create(owner.id(), " STAGING ")), Reason.NAME_TAKEN);
        assertThat(await(projects.create(other.id(), "staging")).project().name()).isEqualTo("staging");

        CreatedProject prod = await(projects.create(owner.id(), "production"));
        assertRefused(() -> await(projects.rename(prod.project().id(), "staging")), Reason.NAME_TAKEN);
        assertThat(await(projects.rename(staging.project().id(), "staging")).name()).isEqualTo("staging");
        assertRefused(() -> await(projects.rename("proj_nope", "x")), Reason.NOT_FOUND);
    }

    @Test
    void namesMustBeOneToAHundredPrintableCharacters() {
        assertRefused(() -> await(projects.create(owner.id(), "")), Reason.INVALID_NAME);
        assertRefused(() -> await(projects.create(owner.id(), "   ")), Reason.INVALID_NAME);
        assertRefused(() -> await(projects.create(owner.id(), null)), Reason.INVALID_NAME);
        assertRefused(() -> await(projects.create(owner.id(), "a".repeat(101))), Reason.INVALID_NAME);
        assertRefused(() -> await(projects.create(owner.id(), "line\nbreak")), Reason.INVALID_NAME);
        assertRefused(() -> await(projects.create(owner.id(), "tab\there")), Reason.INVALID_NAME);
        String hundred = "é".repeat(50) + "😀".repeat(50);
        assertThat(await(projects.create(owner.id(), hundred)).project().name()).isEqualTo(hundred);
        assertThat(await(projects.create(owner.id(), "Tableau de bord — prod")).project().name())
                .isEqualTo("Tableau de bord — prod");
        assertThat(await(projects.list(owner.id()))).hasSize(2);
    }

    @Test
    void anUnknownOwnerIsRefused() {
        assertRefused(() -> await(projects.create("acct_nobody", "orphan")), Reason.NOT_FOUND);
        assertThat(await(projects.listAll())).isEmpty();
    }

    @Test
    void pingAnswers() {
        assertThat(await(directory.ping())).isNull();
    }

    @Test
    void findOnUnknownOrMalformedIdsIsEmpty() {
        assertThat(await(projects.find("nope"))).isEqualTo(Optional.empty());
        assertThat(await(projects.list("acct_nobody"))).isEmpty();
    }
}
