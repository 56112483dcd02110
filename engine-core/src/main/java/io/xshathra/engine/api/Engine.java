package io.xshathra.engine.api;

import io.xshathra.engine.broker.HistoryResult;
import io.xshathra.engine.broker.MapUpdateResult;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.presence.PresenceStats;
import io.xshathra.protocol.proto.ClientInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The engine as every entry point sees it (the server HTTP API, the control plane, the console):
 * the operations of the server API on one channel space, with cluster fan-out inside. Results
 * are values: an operation that cannot be done completes with an {@link ApiError}, never
 * exceptionally. Thread-safe.
 */
public interface Engine {

    /**
     * The same engine scoped to one project's channel space: channels name that project's
     * channels, and user targets select only that project's connections.
     *
     * @throws IllegalArgumentException when the id cannot name a project
     */
    Engine inProject(String projectId);

    /** The project this view addresses ("" = the default space). */
    String project();

    CompletionStage<ApiResponse<StreamPosition>> publish(ApiRequests.Publish req);

    /** One response per channel, in the order of the request. */
    CompletionStage<ApiResponse<List<ApiResponse<StreamPosition>>>> broadcast(ApiRequests.Broadcast req);

    CompletionStage<ApiResponse<Void>> subscribe(ApiRequests.Subscribe req);

    CompletionStage<ApiResponse<Void>> unsubscribe(ApiRequests.Unsubscribe req);

    CompletionStage<ApiResponse<Void>> disconnect(ApiRequests.Disconnect req);

    CompletionStage<ApiResponse<Void>> refresh(ApiRequests.Refresh req);

    CompletionStage<ApiResponse<Map<String, ClientInfo>>> presence(String channel);

    CompletionStage<ApiResponse<PresenceStats>> presenceStats(String channel);

    /** History; {@code limit} negative = everything retained. */
    CompletionStage<ApiResponse<HistoryResult>> history(ApiRequests.History req);

    CompletionStage<ApiResponse<Void>> historyRemove(String channel);

    /** Channels with subscribers on any node, filtered by a glob pattern (null or "" = all). */
    CompletionStage<ApiResponse<Map<String, Integer>>> channels(String pattern);

    /** Sets a key of a map channel ({@code map_publish}). */
    CompletionStage<ApiResponse<MapUpdateResult>> mapPublish(ApiRequests.MapPublish req);

    /** Removes a key of a map channel ({@code map_remove}). */
    CompletionStage<ApiResponse<MapUpdateResult>> mapRemove(ApiRequests.MapRemove req);

    /** {@code shared_poll_publish}: a new version of a shared-poll key, applied on every node. */
    default CompletionStage<ApiResponse<Void>> sharedPollPublish(ApiRequests.SharedPollPublish req) {
        return ApiResponse.failed(ApiError.NOT_AVAILABLE);
    }

    /** Every live node, this one first. */
    CompletionStage<ApiResponse<List<NodeInfo>>> info();

    /** A page of a map channel's state ({@code map_read_state}). */
    CompletionStage<ApiResponse<ApiResult.MapEntries>> mapReadState(ApiRequests.MapReadState req);

    /** Changes of a map channel ({@code map_read_stream}). */
    CompletionStage<ApiResponse<ApiResult.MapEntries>> mapReadStream(ApiRequests.MapReadStream req);

    /** How many keys a map channel holds ({@code map_stats}). */
    CompletionStage<ApiResponse<Integer>> mapStats(String channel);

    /** Drops a map channel's keys, stream and position ({@code map_clear}). */
    CompletionStage<ApiResponse<Void>> mapClear(String channel);
}
