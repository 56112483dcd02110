package io.xshathra.controlplane.console;

import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.CompletionStage;

/**
 * Console actions on the project's audit log: one step appended to the action's stage, so that
 * each action adds its entry in one line, after it succeeded, with the signed-in account's email
 * as the actor. A failed action records nothing; a failed recording does not fail the action.
 */
final class Audited {

    private Audited() {
    }

    /**
     * A step that records {@code action} on project {@code projectId} with the detail made from the
     * action's result, then passes the result on.
     */
    static <T> Function<T, CompletionStage<T>> by(ConsoleContext ctx, Visitor v, String projectId, String action,
                                                  Function<T, Map<String, String>> detail) {
        return on(ctx, v, result -> projectId, action, detail);
    }

    /** {@link #by} for an action that makes the project: its id comes from the result. */
    static <T> Function<T, CompletionStage<T>> on(ConsoleContext ctx, Visitor v, Function<T, String> projectId,
                                                  String action, Function<T, Map<String, String>> detail) {
        return result -> ctx.projects().audit()
                .record(projectId.apply(result), v.account().email(), action, detail.apply(result))
                .thenApply(done -> result);
    }
}
