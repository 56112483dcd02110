package io.xshathra.controlplane;

import java.time.Instant;

/**
 * One account's membership of one project.
 *
 * @param projectId the project
 * @param accountId the member's account
 * @param email     the member's (normalised) email
 * @param role      what the member may do
 * @param addedBy   who added the member: an email, {@code cli:USER}, or {@code creator} for the
 *                  account that created the project
 * @param addedAt   when
 */
public record Member(String projectId, String accountId, String email, ProjectRole role, String addedBy,
                     Instant addedAt) {
}
