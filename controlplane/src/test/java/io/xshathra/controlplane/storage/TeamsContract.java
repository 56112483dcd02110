package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.AuditEntry;
import io.xshathra.controlplane.AuditLog;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.ControlPlaneException.Reason;
import io.xshathra.controlplane.Member;
import io.xshathra.controlplane.Members;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.ProjectRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link Members} and {@link AuditLog} contract, run against every database. */
public abstract class TeamsContract extends StoreTestBase {

    private Members members;
    private AuditLog audit;
    private Account owner;
    private Account dev;
    private Project p;

    @BeforeEach
    void team() {
        members = store.projects().members();
        audit = store.projects().audit();
        owner = await(store.accounts().createUser("owner@example.com", "correct horse battery"));
        dev = await(store.accounts().createUser("Dev@Example.com", "correct horse battery"));
        p = await(store.projects().create(owner.id(), "shared")).project();
    }

    @Test
    void theCreatorIsTheFirstOwnerAndMembersSeeTheProjectOnTheirDashboard() {
        assertThat(await(members.roleOf(p.id(), owner.id()))).contains(ProjectRole.OWNER);
        assertThat(await(members.roleOf(p.id(), dev.id()))).isEmpty();
        assertThat(await(store.projects().list(dev.id()))).isEmpty();

        Member m = await(members.add(p.id(), "  DEV@example.com ", ProjectRole.DEVELOPER, "owner@example.com"));
        assertThat(m.email()).isEqualTo("dev@example.com");
        assertThat(m.role()).isEqualTo(ProjectRole.DEVELOPER);
        assertThat(m.addedBy()).isEqualTo("owner@example.com");
        assertThat(m.addedAt()).isEqualTo(clock.instant());
        assertThat(await(store.projects().list(dev.id()))).extracting(Project::id).containsExactly(p.id());
        assertThat(await(members.list(p.id()))).extracting(Member::email, Member::role).containsExactly(
                org.assertj.core.groups.Tuple.tuple("owner@example.com", ProjectRole.OWNER),
                org.assertj.core.groups.Tuple.tuple("dev@example.com", ProjectRole.DEVELOPER));
    }

    @Test
    void addingRefusesUnknownEmailsExistingMembersAndUnknownProjects() {
        assertThatThrownBy(() -> await(members.add(p.id(), "nobody@example.com", ProjectRole.VIEWER, "x")))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
        assertThatThrownBy(() -> await(members.add(p.id(), "not an email", ProjectRole.VIEWER, "x")))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_EMAIL));
        assertThatThrownBy(() -> await(members.add(p.id(), "owner@example.com", ProjectRole.VIEWER, "x")))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT));
        assertThatThrownBy(() -> await(members.add("proj_nope", "dev@example.com", ProjectRole.VIEWER, "x")))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void aProjectAlwaysKeepsAnOwner() {
        assertThatThrownBy(() -> await(members.changeRole(p.id(), owner.id(), ProjectRole.VIEWER)))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT));
        assertThatThrownBy(() -> await(members.remove(p.id(), owner.id())))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT));

        await(members.add(p.id(), "dev@example.com", ProjectRole.VIEWER, "x"));
        Member before = await(members.changeRole(p.id(), dev.id(), ProjectRole.OWNER));
        assertThat(before.role()).isEqualTo(ProjectRole.VIEWER);
        // Two owners now: either may step down, but not both.
        assertThat(await(members.remove(p.id(), owner.id())).role()).isEqualTo(ProjectRole.OWNER);
        assertThatThrownBy(() -> await(members.changeRole(p.id(), dev.id(), ProjectRole.DEVELOPER)))
                .isInstanceOf(ControlPlaneException.class);
        assertThat(await(members.list(p.id()))).extracting(Member::email).containsExactly("dev@example.com");
        assertThatThrownBy(() -> await(members.remove(p.id(), owner.id())))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void twoOwnersDemotingEachOtherAtOnceLeaveOneOwner() {
        await(members.add(p.id(), "dev@example.com", ProjectRole.OWNER, "x"));
        List<CompletableFuture<Member>> both = List.of(
                members.changeRole(p.id(), owner.id(), ProjectRole.VIEWER).toCompletableFuture(),
                members.changeRole(p.id(), dev.id(), ProjectRole.VIEWER).toCompletableFuture());
        long failed = both.stream().filter(f -> {
            try {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                return false;
            } catch (Exception e) {
                return true;
            }
        }).count();
        assertThat(failed).isEqualTo(1);
        assertThat(await(members.list(p.id()))).filteredOn(m -> m.role() == ProjectRole.OWNER).hasSize(1);
    }

    @Test
    void deletingTheProjectEndsItsMembershipsButKeepsItsLog() {
        await(members.add(p.id(), "dev@example.com", ProjectRole.DEVELOPER, "x"));
        await(audit.record(p.id(), "owner@example.com", "project.delete", Map.of("name", "shared")));
        await(store.projects().delete(p.id()));
        assertThat(await(store.projects().list(dev.id()))).isEmpty();
        assertThat(await(members.roleOf(p.id(), dev.id()))).isEmpty();
        assertThat(await(audit.list(p.id(), Long.MAX_VALUE, 10))).extracting(AuditEntry::action).containsExactly("project.delete");
    }

    @Test
    void theLogListsNewestFirstInPagesAndBoundsItsDetail() {
        for (int i = 1; i <= 5; i++) {
            await(audit.record(p.id(), "cli:ops", "key.rotate_server", Map.of("n", String.valueOf(i))));
            clock.advance(Duration.ofSeconds(1));
        }
        List<AuditEntry> first = await(audit.list(p.id(), Long.MAX_VALUE, 2));
        assertThat(first).extracting(e -> e.detail().get("n")).containsExactly("5", "4");
        assertThat(first.get(0).actor()).isEqualTo("cli:ops");
        assertThat(first.get(0).at()).isAfter(first.get(1).at());
        List<AuditEntry> next = await(audit.list(p.id(), first.get(1).seq(), 10));
        assertThat(next).extracting(e -> e.detail().get("n")).containsExactly("3", "2", "1");
        assertThat(await(audit.list("proj_other", Long.MAX_VALUE, 10))).isEmpty();

        Map<String, String> big = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            big.put("k" + i, "v".repeat(1000));
        }
        await(audit.record(p.id(), "x".repeat(1000), "member.add", big));
        AuditEntry e = await(audit.list(p.id(), Long.MAX_VALUE, 1)).get(0);
        assertThat(e.detail()).hasSize(AuditLog.MAX_FIELDS);
        assertThat(e.detail().get("k0")).hasSize(AuditLog.MAX_VALUE);
        assertThat(e.actor()).hasSize(400);
        assertThatThrownBy(() -> await(audit.list(p.id(), Long.MAX_VALUE, 0))).isInstanceOf(ControlPlaneException.class);
        assertThatThrownBy(() -> await(audit.list(p.id(), Long.MAX_VALUE, AuditLog.MAX_PAGE + 1)))
                .isInstanceOf(ControlPlaneException.class);
    }

    @Test
    void concurrentEntriesAllGetTheirOwnPlace() {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            writes.add(audit.record(p.id(), "a", "member.add", Map.of("i", String.valueOf(i))).toCompletableFuture());
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        List<AuditEntry> all = await(audit.list(p.id(), Long.MAX_VALUE, 100));
        assertThat(all).hasSize(40);
        assertThat(all).extracting(AuditEntry::seq).doesNotHaveDuplicates();
    }

    @Test
    void theLogKeepsOnlyTheNewestEntriesOfAProject() throws Exception {
        // Fill to the bound directly, then one more entry through the service prunes the oldest.
        store.database().write(c -> {
            try (var ps = c.prepareStatement("insert into project_audit (project_id, seq, at, actor, action, detail)"
                    + " values (?, ?, ?, 'a', 'x', '{}')")) {
                for (int i = 1; i <= AuditLog.KEEP; i++) {
                    ps.setString(1, p.id());
                    ps.setLong(2, i);
                    ps.setLong(3, i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
        await(audit.record(p.id(), "a", "member.add", Map.of()));
        long count = store.database().read(c -> Database.queryOne(c, "select count(*) from project_audit where project_id = ?",
                rs -> rs.getLong(1), p.id())).orElseThrow();
        assertThat(count).isEqualTo(AuditLog.KEEP);
        assertThat(await(audit.list(p.id(), 3, 10))).extracting(AuditEntry::seq).containsExactly(2L);
        assertThat(await(audit.list(p.id(), Long.MAX_VALUE, 1)).get(0).seq()).isEqualTo(AuditLog.KEEP + 1);
    }
}
