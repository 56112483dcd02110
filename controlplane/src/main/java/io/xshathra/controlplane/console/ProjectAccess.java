package io.xshathra.controlplane.console;

import io.xshathra.controlplane.ProjectRole;
import io.xshathra.controlplane.console.Routes.Page;

/**
 * Which project pages and forms each {@link ProjectRole} may use: checked on the server for
 * every request, before the page runs, whatever the page shows or hides. Anything not listed
 * here is refused, so a new project page stays closed until it is given a rule.
 */
final class ProjectAccess {

    private ProjectAccess() {
    }

    /** Whether {@code role} may use {@code page} (with the request's method: GET views, POST changes). */
    static boolean allows(ProjectRole role, Page page, boolean post) {
        return switch (page) {
            // Everyone in the project: its overview and figures, who is in it, and leaving it.
            case PROJECT, STATS, LEAVE -> true;
            case MEMBERS -> !post || role.mayAdminister();
            case SETTINGS, ROTATE, ROTATE_CLIENT -> role.mayUseKeys();
            case DEBUG, DEBUG_PUBLISH, DEBUG_TOKEN -> role.mayDebug();
            case BACKENDS, BACKEND_SECRET, WEBHOOKS, WEBHOOK_REMOVE -> role.mayConfigure();
            // Limits are shown to everyone in the project and changed by those who configure it.
            case LIMITS -> !post || role.mayConfigure();
            case USAGE -> true;
            // Namespaces are shown to everyone in the project and changed by those who configure it.
            case NAMESPACES -> !post || role.mayConfigure();
            case RENAME, DELETE, MEMBER_ROLE, MEMBER_REMOVE, AUDIT -> role.mayAdminister();
            default -> false;
        };
    }
}
