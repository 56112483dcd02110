package io.xshathra.controlplane.console;

import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.ProjectRole;

/**
 * Who is asking: a signed-in account with its session, or someone who has not signed in.
 *
 * @param account       the signed-in account, or null
 * @param sessionToken  the session cookie value when signed in, else null
 * @param flashKey      the session's key into {@link Flash} when signed in, else null
 * @param csrfToken     the token the page's forms carry (bound to the session, or to the pre-session cookie)
 * @param formCookie    a new pre-session cookie value to set on the response, or null
 * @param clearSession  the request carried a session cookie that is no longer valid: delete it
 * @param role          on a project's pages, what the account may do there (administrators act as
 *                      {@link ProjectRole#OWNER}); else null
 */
record Visitor(Account account, String sessionToken, String flashKey, String csrfToken, String formCookie,
               boolean clearSession, ProjectRole role) {

    Visitor(Account account, String sessionToken, String flashKey, String csrfToken, String formCookie,
            boolean clearSession) {
        this(account, sessionToken, flashKey, csrfToken, formCookie, clearSession, null);
    }

    boolean signedIn() {
        return account != null;
    }

    /** The same visitor on a project's page, where it has this role. */
    Visitor in(ProjectRole projectRole) {
        return new Visitor(account, sessionToken, flashKey, csrfToken, formCookie, clearSession, projectRole);
    }

    /** On a project's page: whether the role allows what {@code rule} asks (false elsewhere). */
    boolean may(java.util.function.Predicate<ProjectRole> rule) {
        return role != null && rule.test(role);
    }

    @Override
    public String toString() {
        return "Visitor[" + (account == null ? "anonymous" : account.id()) + "]";
    }
}
