package io.xshathra.controlplane.usage;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where usage hours are kept (the control-plane database). Stages run on the storage executor
 * and fail with a {@code StorageException} when the database does; nothing here blocks the caller.
 */
public interface UsageRows {

    /** Writes the rows, each replacing the stored row of the same project, node and hour; one transaction. */
    CompletionStage<Void> save(List<HourRow> rows);

    /** Every node's rows of a project whose hour starts in {@code [fromHourMs, toMs)}. */
    CompletionStage<List<HourRow>> rows(String projectId, long fromHourMs, long toMs);

    /** Deletes at most {@code limit} rows of hours that started before {@code beforeMs}; how many it deleted. */
    CompletionStage<Integer> prune(long beforeMs, int limit);
}
