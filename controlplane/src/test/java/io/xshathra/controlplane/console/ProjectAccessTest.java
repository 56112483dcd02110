package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.ProjectRole;
import io.xshathra.controlplane.console.Routes.Page;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The role rules, page by page and method by method: the table of docs/controlplane.md. */
class ProjectAccessTest {

    /** Every page under /projects/{id}/ and what a GET and a POST of it need. */
    private static final Set<Page> PROJECT_PAGES = EnumSet.of(Page.PROJECT, Page.STATS, Page.SETTINGS, Page.ROTATE,
            Page.ROTATE_CLIENT, Page.RENAME, Page.DELETE, Page.DEBUG, Page.DEBUG_PUBLISH, Page.DEBUG_TOKEN,
            Page.BACKENDS, Page.BACKEND_SECRET, Page.MEMBERS, Page.MEMBER_ROLE, Page.MEMBER_REMOVE, Page.LEAVE, Page.AUDIT,
            Page.LIMITS, Page.USAGE, Page.WEBHOOKS, Page.WEBHOOK_REMOVE, Page.NAMESPACES);

    private static Set<Page> allowed(ProjectRole role, boolean post) {
        Set<Page> out = EnumSet.noneOf(Page.class);
        for (Page p : PROJECT_PAGES) {
            if (p.accepts(post ? "POST" : "GET") && ProjectAccess.allows(role, p, post)) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void ownersMayDoEverything() {
        for (Page p : PROJECT_PAGES) {
            for (boolean post : new boolean[] {false, true}) {
                assertThat(ProjectAccess.allows(ProjectRole.OWNER, p, post)).as(p + (post ? " POST" : " GET")).isTrue();
            }
        }
    }

    @Test
    void developersUseKeysDebugAndBackendsButNotTheProjectItself() {
        assertThat(allowed(ProjectRole.DEVELOPER, false)).containsExactlyInAnyOrder(Page.PROJECT, Page.STATS,
                Page.SETTINGS, Page.DEBUG, Page.BACKENDS, Page.MEMBERS, Page.LIMITS, Page.USAGE, Page.WEBHOOKS,
                Page.NAMESPACES);
        assertThat(allowed(ProjectRole.DEVELOPER, true)).containsExactlyInAnyOrder(Page.ROTATE, Page.ROTATE_CLIENT,
                Page.DEBUG_PUBLISH, Page.DEBUG_TOKEN, Page.BACKENDS, Page.BACKEND_SECRET, Page.LEAVE, Page.LIMITS,
                Page.WEBHOOKS, Page.WEBHOOK_REMOVE, Page.NAMESPACES);
    }

    @Test
    void viewersOnlyLookAndMayLeave() {
        assertThat(allowed(ProjectRole.VIEWER, false)).containsExactlyInAnyOrder(Page.PROJECT, Page.STATS, Page.MEMBERS,
                Page.LIMITS, Page.USAGE, Page.NAMESPACES);
        assertThat(allowed(ProjectRole.VIEWER, true)).containsExactly(Page.LEAVE);
    }

    @Test
    void pagesOutsideProjectsAreNeverGrantedByARole() {
        for (Page p : EnumSet.complementOf(EnumSet.copyOf(PROJECT_PAGES))) {
            assertThat(ProjectAccess.allows(ProjectRole.OWNER, p, false)).as(p.name()).isFalse();
        }
    }

    @Test
    void rolesAreReadFromTheirNamesOnly() {
        assertThat(ProjectRole.of(" Developer ")).isEqualTo(ProjectRole.DEVELOPER);
        assertThat(ProjectRole.OWNER.id()).isEqualTo("owner");
        assertThatThrownBy(() -> ProjectRole.of("admin")).isInstanceOf(ControlPlaneException.class);
        assertThatThrownBy(() -> ProjectRole.of(null)).isInstanceOf(ControlPlaneException.class);
    }
}
