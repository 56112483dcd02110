package io.xshathra.controlplane.console;

import io.xshathra.controlplane.Account;

/**
 * Who is asking: a signed-in account with its session, or someone who has not signed in.
 *
 * @param account       the signed-in account, or null
 * @param sessionToken  the session cookie value when signed in, else null
 * @param flashKey      the session's key into {@link Flash} when signed in, else null
 * @param csrfToken     the token the page's forms carry (bound to the session, or to the pre-session cookie)
 * @param formCookie    a new pre-session cookie value to set on the response, or null
 * @param clearSession  the request carried a session cookie that is no longer valid: delete it
 */
record Visitor(Account account, String sessionToken, String flashKey, String csrfToken, String formCookie,
               boolean clearSession) {

    boolean signedIn() {
        return account != null;
    }

    /** Whether the account may see and change the project: its owner, or an administrator. */
    boolean mayManage(io.xshathra.controlplane.Project p) {
        return account != null && (account.admin() || p.ownerId().equals(account.id()));
    }

    @Override
    public String toString() {
        return "Visitor[" + (account == null ? "anonymous" : account.id()) + "]";
    }
}
