package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.AuditEntry;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.console.ConsoleHarness.Browser;
import io.xshathra.controlplane.console.ConsoleHarness.Response;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Teams in the console: what owners, developers and viewers see and may post, and the audit log. */
class ConsoleTeamsTest {

    @TempDir
    Path dir;
    private ConsoleHarness h;
    private Browser owner;
    private Browser dev;
    private Browser viewer;
    private String id;

    @BeforeEach
    void open() {
        h = new ConsoleHarness(dir);
        for (String who : List.of("admin", "owner", "dev", "viewer", "stranger")) {
            h.account(who + "@example.com");
        }
        owner = h.browser().signIn("owner@example.com");
        id = owner.createProject("shared");
        owner.get("/projects/" + id + "/members");
        assertThat(owner.post("/projects/" + id + "/members", "email", "DEV@example.com", "role", "developer").status()).isEqualTo(303);
        assertThat(owner.post("/projects/" + id + "/members", "email", "viewer@example.com", "role", "viewer").status()).isEqualTo(303);
        dev = h.browser().signIn("dev@example.com");
        viewer = h.browser().signIn("viewer@example.com");
    }

    @AfterEach
    void close() {
        h.close();
    }

    private String url(String rest) {
        return "/projects/" + id + rest;
    }

    private Project project() {
        return ConsoleHarness.await(h.store.projects().find(id)).orElseThrow();
    }

    private List<AuditEntry> log() {
        return ConsoleHarness.await(h.store.projects().audit().list(id, Long.MAX_VALUE, 100));
    }

    @Test
    void membersSeeTheProjectOnTheirDashboardAndStrangersGetNotFound() {
        assertThat(dev.get("/dashboard").body()).contains("/projects/" + id + "\"");
        assertThat(viewer.get("/dashboard").body()).contains("/projects/" + id + "\"");
        Browser stranger = h.browser().signIn("stranger@example.com");
        assertThat(stranger.get("/dashboard").body()).doesNotContain(id);
        assertThat(stranger.get(url("")).status()).isEqualTo(404);
        assertThat(stranger.get(url("/members")).status()).isEqualTo(404);
        assertThat(stranger.post(url("/leave")).status()).isEqualTo(404);
    }

    @Test
    void viewersSeeButCannotChangeAnything() {
        Response page = viewer.get(url(""));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(project().clientApiKey(), "id=\"server-key-hidden\"", "id=\"nav-members\"")
                .doesNotContain(project().serverKeyHint(), "id=\"nav-settings\"", "id=\"nav-debug\"", "id=\"nav-audit\"");
        String hint = project().serverKeyHint();
        for (String get : List.of("/settings", "/debug", "/backends", "/audit", "/delete")) {
            assertThat(viewer.get(url(get)).status()).as("GET " + get).isEqualTo(403);
        }
        viewer.get(url(""));
        assertThat(viewer.post(url("/rotate"), "grace", "0").status()).isEqualTo(403);
        assertThat(viewer.post(url("/rotate-client"), "grace", "0").status()).isEqualTo(403);
        assertThat(viewer.post(url("/rename"), "name", "mine").status()).isEqualTo(403);
        assertThat(viewer.post(url("/delete"), "confirm", "shared").status()).isEqualTo(403);
        assertThat(viewer.post(url("/backends/secret")).status()).isEqualTo(403);
        assertThat(viewer.post(url("/debug/publish"), "channel", "x", "data", "{}").status()).isEqualTo(403);
        assertThat(viewer.post(url("/members"), "email", "stranger@example.com", "role", "owner").status()).isEqualTo(403);
        assertThat(project().serverKeyHint()).isEqualTo(hint);
        assertThat(project().name()).isEqualTo("shared");
        Response members = viewer.get(url("/members"));
        assertThat(members.status()).isEqualTo(200);
        assertThat(members.body()).contains("owner@example.com", "dev@example.com").doesNotContain("id=\"add-member\"");
    }

    @Test
    void developersRotateKeysButCannotRenameDeleteManageMembersOrReadTheLog() {
        dev.get(url("/settings"));
        String before = project().serverKeyHint();
        assertThat(dev.post(url("/rotate"), "grace", "0").status()).isEqualTo(303);
        assertThat(project().serverKeyHint()).isNotEqualTo(before);
        Response settings = dev.get(url("/settings"));
        assertThat(settings.body()).contains("rotate-btn").doesNotContain("/delete\"", "action=\"/projects/" + id + "/rename\"");
        assertThat(dev.post(url("/rename"), "name", "mine").status()).isEqualTo(403);
        assertThat(dev.post(url("/delete"), "confirm", "shared").status()).isEqualTo(403);
        assertThat(dev.get(url("/audit")).status()).isEqualTo(403);
        assertThat(dev.post(url("/members/role"), "account", "x", "role", "owner").status()).isEqualTo(403);
        assertThat(dev.post(url("/members/remove"), "account", "x").status()).isEqualTo(403);
        assertThat(log().get(0).actor()).isEqualTo("dev@example.com");
        assertThat(log().get(0).action()).isEqualTo("key.rotate_server");
        assertThat(log().get(0).detail()).containsEntry("new_key_hint", project().serverKeyHint()).containsEntry("grace_minutes", "0");
    }

    @Test
    void addingAnUnknownEmailSaysSoInTheForm() {
        Response r = owner.post(url("/members"), "email", "nobody@example.com", "role", "viewer");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("There is no account with this email", "value=\"nobody@example.com\"");
        Response again = owner.post(url("/members"), "email", "dev@example.com", "role", "viewer");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("already a member");
        assertThat(owner.post(url("/members"), "email", "x@example.com", "role", "admin").status()).isEqualTo(400);
    }

    @Test
    void ownersChangeRolesRemoveMembersAndTheLastOwnerStays() {
        String devId = ConsoleHarness.await(h.store.accounts().findByEmail("dev@example.com")).orElseThrow().id();
        String ownerId = ConsoleHarness.await(h.store.accounts().findByEmail("owner@example.com")).orElseThrow().id();
        assertThat(owner.post(url("/members/role"), "account", devId, "role", "viewer").status()).isEqualTo(303);
        assertThat(dev.post(url("/rotate"), "grace", "0").status()).as("now a viewer").isEqualTo(403);
        Response last = owner.post(url("/members/role"), "account", ownerId, "role", "developer");
        assertThat(last.status()).isEqualTo(409);
        assertThat(last.body()).contains("at least one owner");
        assertThat(owner.post(url("/leave")).status()).isEqualTo(409);
        assertThat(owner.post(url("/members/remove"), "account", devId).status()).isEqualTo(303);
        assertThat(dev.get(url("")).status()).isEqualTo(404);
        assertThat(log()).extracting(AuditEntry::action).startsWith("member.remove", "member.role");
        assertThat(log().get(1).detail()).containsEntry("email", "dev@example.com").containsEntry("from", "developer")
                .containsEntry("to", "viewer");
    }

    @Test
    void aMemberMayLeave() {
        Response r = viewer.post(url("/leave"));
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.header("Location")).isEqualTo("/dashboard");
        assertThat(viewer.get("/dashboard").body()).doesNotContain(id).contains("You left the project");
        assertThat(log().get(0).action()).isEqualTo("member.leave");
        assertThat(log().get(0).actor()).isEqualTo("viewer@example.com");
    }

    @Test
    void theAuditLogShowsEveryConsoleActionNewestFirstToOwnersAndAdministrators() {
        owner.get(url("/settings"));
        owner.post(url("/rename"), "name", "renamed");
        owner.post(url("/rotate-client"), "grace", "15");
        owner.post(url("/backends"), "kind", "connect", "action", "save",
                "url_connect", "https://203.0.113.10/connect?token=secret", "timeout_connect", "1000");
        owner.post(url("/backends/secret"));
        assertThat(log()).extracting(AuditEntry::action).containsExactly("backend.rotate_secret", "backend.set",
                "key.rotate_client", "project.rename", "member.add", "member.add", "project.create");
        assertThat(log().get(1).detail()).containsEntry("url", "https://203.0.113.10/connect");
        Response page = owner.get(url("/audit"));
        assertThat(page.status()).isEqualTo(200);
        String body = page.body();
        assertThat(body.indexOf("backend.rotate_secret")).isLessThan(body.indexOf("project.create"));
        assertThat(body).contains("owner@example.com", "1 Mar 2026, 12:00 UTC").doesNotContain("token=secret");
        Browser admin = h.browser().signIn("admin@example.com");
        assertThat(admin.get(url("/audit")).status()).isEqualTo(200);
        assertThat(owner.get(url("/audit?before=nope")).status()).isEqualTo(400);
    }

    @Test
    void theAuditLogPages() {
        for (int i = 0; i < TeamPages.AUDIT_PAGE + 3; i++) {
            ConsoleHarness.await(h.store.projects().audit().record(id, "cli:ops", "key.rotate_client", java.util.Map.of()));
        }
        Response first = owner.get(url("/audit"));
        assertThat(first.body()).contains("id=\"older\"");
        String older = first.body().replaceAll("(?s).*href=\"(/projects/[^\"]*/audit\\?before=\\d+)\".*", "$1");
        Response second = owner.get(older);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).contains("project.create").doesNotContain("id=\"older\"");
    }
}
