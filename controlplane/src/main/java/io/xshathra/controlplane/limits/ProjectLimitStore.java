package io.xshathra.controlplane.limits;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * Projects' own limits in the control-plane database. Stages fail with a
 * {@link io.xshathra.controlplane.ControlPlaneException} ({@code NOT_FOUND} for an unknown
 * project) or a {@link io.xshathra.controlplane.StorageException}. A change is recorded in the
 * project change feed in the transaction that makes it, so that every process applies it
 * (see {@link io.xshathra.controlplane.ProjectEvents#onChanged}).
 */
public interface ProjectLimitStore {

    /** A project's overrides ({@link LimitOverrides#NONE} when it has none). */
    CompletionStage<LimitOverrides> of(String projectId);

    /** Every project that has an override, by project id (read once at startup). */
    CompletionStage<Map<String, LimitOverrides>> all();

    /** Replaces the limits that {@code change} sets (its null fields are left as they are); answers the result. */
    CompletionStage<LimitOverrides> set(String projectId, LimitOverrides change);

    /** Replaces the project's overrides whole: its null fields go back to the defaults. */
    CompletionStage<LimitOverrides> replace(String projectId, LimitOverrides overrides);

    /** Drops every override of the project: it runs with the defaults again. */
    CompletionStage<LimitOverrides> reset(String projectId);

    /** Called with the project id and its overrides after a change made through this process committed. */
    void onSaved(BiConsumer<String, LimitOverrides> listener);
}
