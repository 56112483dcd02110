package io.xshathra.controlplane;

import java.time.Instant;
import java.util.Map;

/**
 * One line of a project's audit log.
 *
 * @param projectId the project (which may have been deleted since)
 * @param seq       its position in the project's log: higher is newer
 * @param at        when
 * @param actor     who: an account's email for console actions, {@code cli:USER} for the CLI
 * @param action    what, such as {@code key.rotate_server} (see {@link AuditLog})
 * @param detail    what it was done to: names, roles, grace periods; never a secret
 */
public record AuditEntry(String projectId, long seq, Instant at, String actor, String action,
                         Map<String, String> detail) {
}
