package io.xshathra.controlplane;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Managing projects and their key pairs. Names are trimmed, 1-100 characters without control
 * characters, and unique per owner (the creating account) ignoring case. Permissions are not
 * checked here: the console checks the signed-in account's {@link ProjectRole} (or that it is an
 * administrator) before it calls.
 * Stages run on the storage executor; refusals fail them with {@link ControlPlaneException}.
 */
public interface Projects extends ProjectEvents {

    /** The longest project name, in characters (code points). */
    int MAX_NAME_LENGTH = 100;

    /**
     * Creates a project with a fresh key pair. Fails with {@code INVALID_NAME}, {@code NAME_TAKEN}
     * (the owner already has a project of that name) or {@code NOT_FOUND} (unknown owner).
     */
    CompletionStage<CreatedProject> create(String ownerId, String name);

    /**
     * The projects the account is a member of (see {@link Members}), in any role, oldest first.
     * The account that creates a project is its first owner member.
     */
    CompletionStage<List<Project>> list(String accountId);

    /** Every project, oldest first (administrators). */
    CompletionStage<List<Project>> listAll();

    CompletionStage<Optional<Project>> find(String projectId);

    /** Renames; fails with {@code INVALID_NAME}, {@code NAME_TAKEN} or {@code NOT_FOUND}. */
    CompletionStage<Project> rename(String projectId, String newName);

    /**
     * Replaces the server key. With a zero grace the old key stops working at once; with a
     * positive grace it keeps authenticating until then. Only one previous key is kept: rotating
     * again ends the earlier previous key at once. Fails with {@code NOT_FOUND}, or
     * {@code INVALID_ARGUMENT} for a negative grace or one over 30 days.
     */
    CompletionStage<RotatedKey> rotateServerKey(String projectId, Duration grace);

    /**
     * Replaces the public client key, with the same grace rules as {@link #rotateServerKey}: with
     * a zero grace the old key stops connecting at once, with a positive grace it keeps connecting
     * until then, and rotating again ends an earlier previous key at once. Connections already
     * made with the old key stay open. Fails with {@code NOT_FOUND}, or {@code INVALID_ARGUMENT}
     * for a negative grace or one over 30 days.
     */
    CompletionStage<RotatedClientKey> rotateClientKey(String projectId, Duration grace);

    /**
     * Deletes the project; its keys stop working at once and the {@link #onDeleted} listeners
     * run. True when it existed.
     */
    CompletionStage<Boolean> delete(String projectId);

    /** The projects' backend endpoints and signing secrets. */
    ProxySettings proxies();

    /** The projects' teams. */
    Members members();

    /** Who changed what in each project. */
    AuditLog audit();

    /** The projects' own namespaces. */
    NamespaceSettings namespaces();
}
