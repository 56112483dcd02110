package io.xshathra.controlplane;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Who changed what in a project, and when: one entry per console or CLI action that changes a
 * project. Each project keeps its newest {@link #KEEP} entries (older ones are pruned as new ones
 * are written); entries outlive the project's deletion so that the deletion itself stays on
 * record. Entries never hold secrets: at most a key's hint.
 *
 * <p>Call {@link #record} after the action succeeded. It never fails the caller's work: a
 * database error is logged and the stage completes normally, since the action is already done.
 * Actions in use: {@code project.create}, {@code project.rename}, {@code project.delete},
 * {@code key.rotate_server}, {@code key.rotate_client}, {@code backend.set},
 * {@code backend.remove}, {@code backend.rotate_secret}, {@code member.add}, {@code member.role},
 * {@code member.remove}, {@code member.leave}.
 */
public interface AuditLog {

    /** How many entries a project keeps. */
    int KEEP = 10_000;
    /** The most entries one {@link #list} returns. */
    int MAX_PAGE = 500;
    /** At most this many detail fields are kept, each value cut to {@link #MAX_VALUE} characters. */
    int MAX_FIELDS = 12;
    int MAX_VALUE = 200;

    /** The actor of CLI actions: {@code cli:} and the operating-system user running the command. */
    static String cliActor() {
        String user = System.getProperty("user.name", "");
        return "cli:" + (user == null || user.isBlank() ? "unknown" : user.strip());
    }

    /**
     * A URL fit for the log: scheme, host, port and path, without user information and query,
     * where credentials sometimes hide; "" when the text is not an absolute URL.
     */
    static String safeUrl(String url) {
        try {
            URI u = new URI(url == null ? "" : url.strip());
            if (u.getScheme() == null || u.getHost() == null) {
                return "";
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return "";
        }
    }

    /** Appends an entry (detail fields beyond the bounds are cut); completes when written or when writing failed. */
    CompletionStage<Void> record(String projectId, String actor, String action, Map<String, String> detail);

    /**
     * The project's entries, newest first, older than {@code beforeSeq} (use {@link Long#MAX_VALUE}
     * for the newest); at most {@code limit} (1 to {@link #MAX_PAGE}) of them.
     */
    CompletionStage<List<AuditEntry>> list(String projectId, long beforeSeq, int limit);
}
