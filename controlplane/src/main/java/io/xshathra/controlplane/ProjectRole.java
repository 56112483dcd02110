package io.xshathra.controlplane;

import java.util.Locale;

/**
 * What a member may do in a project. The rules live here, in one place; the console checks them
 * on the server for every page and form, whatever buttons it shows. Administrators of the
 * deployment are not members: they act with {@link #OWNER}'s powers on every project.
 *
 * <table>
 *   <caption>Powers of each role</caption>
 *   <tr><th></th><th>owner</th><th>developer</th><th>viewer</th></tr>
 *   <tr><td>overview, live figures, client key, member list</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>server key hint, rotate server and client keys</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>debug tool (publish, subscribe)</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>backends: see, change, rotate the signing secret</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>rename, delete, add/remove members, change roles, audit log</td><td>yes</td><td>no</td><td>no</td></tr>
 * </table>
 */
public enum ProjectRole {
    OWNER, DEVELOPER, VIEWER;

    /** The lower-case name used in forms, the database and the CLI. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code owner}, {@code developer} or {@code viewer}; else {@code INVALID_ARGUMENT}. */
    public static ProjectRole of(String id) {
        String s = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        for (ProjectRole r : values()) {
            if (r.id().equals(s)) {
                return r;
            }
        }
        throw new ControlPlaneException(ControlPlaneException.Reason.INVALID_ARGUMENT,
                "role must be owner, developer or viewer");
    }

    /** Sees the server key's hint and rotates the server and client keys. */
    public boolean mayUseKeys() {
        return this != VIEWER;
    }

    /** Uses the debug tool: publishes to the project's channels and subscribes with minted tokens. */
    public boolean mayDebug() {
        return this != VIEWER;
    }

    /** Sees and changes the project's backends and their signing secret. */
    public boolean mayConfigure() {
        return this != VIEWER;
    }

    /** Renames and deletes the project, manages its members and reads its audit log. */
    public boolean mayAdminister() {
        return this == OWNER;
    }
}
