package io.xshathra.controlplane.security;

/**
 * Prefixed identifiers: the prefix names the kind of thing, the ULID after it sorts by creation
 * time. Project ids appear in channel names ({@code chat:proj_...:room}), so they use only
 * characters that are valid there.
 */
public final class Ids {

    public static final String PROJECT = "proj_";
    public static final String ACCOUNT = "acct_";
    public static final String SESSION = "sess_";

    private Ids() {
    }

    public static String project() {
        return PROJECT + Ulid.generator().next();
    }

    public static String account() {
        return ACCOUNT + Ulid.generator().next();
    }

    public static String session() {
        return SESSION + Ulid.generator().next();
    }

    /** True when {@code id} is {@code prefix} followed by a valid ULID. */
    public static boolean isValid(String prefix, String id) {
        return id != null && id.startsWith(prefix) && Ulid.isValid(id.substring(prefix.length()));
    }
}
