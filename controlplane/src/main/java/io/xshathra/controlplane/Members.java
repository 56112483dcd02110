package io.xshathra.controlplane;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A project's team: accounts with a {@link ProjectRole}. The account that creates a project is its
 * first owner; a project always keeps at least one owner (the last one can be neither removed nor
 * demoted, and cannot leave). Members are added by the email of an existing account. Who may call
 * what is the caller's business ({@link ProjectRole}); these methods only keep the rules above.
 * Stages run on the storage executor; refusals fail them with {@link ControlPlaneException}.
 */
public interface Members {

    /** The most members one project may have. */
    int MAX_MEMBERS = 200;

    /** The account's role in the project, or empty when it is not a member. */
    CompletionStage<Optional<ProjectRole>> roleOf(String projectId, String accountId);

    /** The project's members: owners first, then developers, then viewers, each by email. */
    CompletionStage<List<Member>> list(String projectId);

    /**
     * Adds the account with this email. Fails with {@code INVALID_EMAIL}, {@code NOT_FOUND} (no
     * such account, or no such project), {@code CONFLICT} (already a member, or the project has
     * {@link #MAX_MEMBERS}).
     *
     * @param addedBy who adds, as the audit log names actors
     */
    CompletionStage<Member> add(String projectId, String email, ProjectRole role, String addedBy);

    /**
     * Changes a member's role; returns the member with the role it had before. Fails with
     * {@code NOT_FOUND} (not a member) or {@code CONFLICT} (it would leave the project without an owner).
     */
    CompletionStage<Member> changeRole(String projectId, String accountId, ProjectRole role);

    /**
     * Removes a member (also how a member leaves); returns the removed membership. Fails with
     * {@code NOT_FOUND} (not a member) or {@code CONFLICT} (the project's last owner).
     */
    CompletionStage<Member> remove(String projectId, String accountId);
}
