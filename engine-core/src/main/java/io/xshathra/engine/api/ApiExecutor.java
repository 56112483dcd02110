package io.xshathra.engine.api;

import io.xshathra.engine.broker.HistoryResult;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.presence.PresenceStats;
import io.xshathra.protocol.proto.ClientInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs server API requests on an {@link Engine}: the one method table every entry point uses (the
 * HTTP API, the control plane's publish, the console). Knows nothing of HTTP: a binding turns its
 * input into {@link ApiRequest}s and writes the {@link ApiResult}s.
 *
 * <p>The stage of {@link #execute} always completes normally: failures are {@link ApiResult.Failure}
 * values. A batch runs its commands together and answers them in their order; a batch inside a
 * batch is not run (104). No RPC method is registered, so {@code rpc} answers 107 without a method
 * name and 104 otherwise. Thread-safe.
 */
public final class ApiExecutor {
    /** One completed stage per error; minimal stages, so no caller can complete them again. */
    private static final List<CompletionStage<ApiResult>> FAILED = Arrays.stream(ApiError.values())
            .map(e -> CompletableFuture.<ApiResult>completedStage(ApiResult.failure(e))).toList();

    private final Engine engine;

    /** Runs requests on {@code engine}, in the channel space it addresses. */
    public ApiExecutor(Engine engine) {
        this.engine = engine;
    }

    /**
     * The executor of one project's channel space ({@link Engine#inProject}).
     *
     * @throws IllegalArgumentException when the id cannot name a project
     */
    public ApiExecutor inProject(String projectId) {
        return new ApiExecutor(engine.inProject(projectId));
    }

    /** The project this executor addresses ("" = the default space). */
    public String project() {
        return engine.project();
    }

    /** Runs one request; the stage completes normally with the result or a failure. */
    public CompletionStage<ApiResult> execute(ApiRequest request) {
        // publish first: it is the measured hot path.
        if (request instanceof ApiRequests.Publish r) {
            return engine.publish(r).thenApply(ApiExecutor::position);
        }
        if (request instanceof ApiRequests.Broadcast r) {
            return engine.broadcast(r).thenApply(ApiExecutor::positions);
        }
        if (request instanceof ApiRequests.Subscribe r) {
            return engine.subscribe(r).thenApply(ApiExecutor::empty);
        }
        if (request instanceof ApiRequests.Unsubscribe r) {
            return engine.unsubscribe(r).thenApply(ApiExecutor::empty);
        }
        if (request instanceof ApiRequests.Disconnect r) {
            return engine.disconnect(r).thenApply(ApiExecutor::empty);
        }
        if (request instanceof ApiRequests.Refresh r) {
            return engine.refresh(r).thenApply(ApiExecutor::empty);
        }
        if (request instanceof ApiRequests.Presence r) {
            return engine.presence(r.channel()).thenApply(ApiExecutor::presence);
        }
        if (request instanceof ApiRequests.PresenceStats r) {
            return engine.presenceStats(r.channel()).thenApply(ApiExecutor::presenceCounts);
        }
        if (request instanceof ApiRequests.History r) {
            return engine.history(r).thenApply(ApiExecutor::history);
        }
        if (request instanceof ApiRequests.HistoryRemove r) {
            return engine.historyRemove(r.channel()).thenApply(ApiExecutor::empty);
        }
        if (request instanceof ApiRequests.Channels r) {
            return engine.channels(r.pattern()).thenApply(ApiExecutor::channels);
        }
        if (request instanceof ApiRequests.Info) {
            return engine.info().thenApply(ApiExecutor::nodes);
        }
        if (request instanceof ApiRequests.Rpc r) {
            return failed(r.rpcMethod() == null || r.rpcMethod().isEmpty() ? ApiError.BAD_REQUEST : ApiError.NOT_FOUND);
        }
        if (request instanceof ApiRequests.Batch r) {
            return batch(r);
        }
        if (request instanceof ApiRequests.MapPublish r) {
            return engine.mapPublish(r).thenApply(ApiExecutor::mapUpdate);
        }
        if (request instanceof ApiRequests.SharedPollPublish r) {
            return engine.sharedPollPublish(r).thenApply(ApiExecutor::empty);
        }
        if (request instanceof ApiRequests.MapRemove r) {
            return engine.mapRemove(r).thenApply(ApiExecutor::mapUpdate);
        }
        if (request instanceof ApiRequests.MapReadState r) {
            return engine.mapReadState(r).thenApply(ApiExecutor::mapEntries);
        }
        if (request instanceof ApiRequests.MapReadStream r) {
            return engine.mapReadStream(r).thenApply(ApiExecutor::mapEntries);
        }
        if (request instanceof ApiRequests.MapStats r) {
            return engine.mapStats(r.channel()).thenApply(c -> c.error() != null ? ApiResult.failure(c.error())
                    : new ApiResult.MapCount(c.result()));
        }
        if (request instanceof ApiRequests.MapClear r) {
            return engine.mapClear(r.channel()).thenApply(ApiExecutor::empty);
        }
        return failed(((ApiRequests.Invalid) request).error());
    }

    private static CompletionStage<ApiResult> failed(ApiError error) {
        return FAILED.get(error.ordinal());
    }

    private CompletionStage<ApiResult> batch(ApiRequests.Batch batch) {
        List<ApiRequest> commands = batch.commands();
        List<CompletableFuture<ApiResult>> results = new ArrayList<>(commands.size());
        for (ApiRequest c : commands) {
            // A batch inside a batch is not a command of the batch.
            CompletionStage<ApiResult> result = c instanceof ApiRequests.Batch ? failed(ApiError.NOT_FOUND) : execute(c);
            results.add(result.toCompletableFuture());
        }
        return CompletableFuture.allOf(results.toArray(new CompletableFuture[0])).thenApply(v -> {
            List<ApiResult.Reply> replies = new ArrayList<>(results.size());
            for (int i = 0; i < results.size(); i++) {
                replies.add(new ApiResult.Reply(commands.get(i).method(), results.get(i).join()));
            }
            return new ApiResult.Replies(replies);
        });
    }

    /**
     * The outcome of a publish as a position or an error, for callers that only publish (the
     * control plane's API and the console's debug tool).
     */
    public static ApiResponse<StreamPosition> asPosition(ApiResult r) {
        if (r instanceof ApiResult.Position p) {
            return ApiResponse.ok(p.position());
        }
        if (r instanceof ApiResult.Failure f) {
            return ApiResponse.fail(f.error());
        }
        throw new IllegalArgumentException("not the result of a publish: " + r);
    }

    private static ApiResult position(ApiResponse<StreamPosition> r) {
        return r.error() != null ? ApiResult.failure(r.error()) : new ApiResult.Position(r.result());
    }

    private static ApiResult positions(ApiResponse<List<ApiResponse<StreamPosition>>> r) {
        return r.error() != null ? ApiResult.failure(r.error()) : new ApiResult.Positions(r.result());
    }

    private static ApiResult empty(ApiResponse<Void> r) {
        return r.error() != null ? ApiResult.failure(r.error()) : ApiResult.EMPTY;
    }

    private static ApiResult presence(ApiResponse<Map<String, ClientInfo>> r) {
        return r.error() != null ? ApiResult.failure(r.error()) : new ApiResult.Presence(r.result());
    }

    private static ApiResult presenceCounts(ApiResponse<PresenceStats> r) {
        return r.error() != null ? ApiResult.failure(r.error()) : new ApiResult.PresenceCounts(r.result());
    }

    private static ApiResult history(ApiResponse<HistoryResult> r) {
        return r.error() != null ? ApiResult.failure(r.error()) : new ApiResult.History(r.result());
    }

    private static ApiResult channels(ApiResponse<Map<String, Integer>> r) {
        return r.error() != null ? ApiResult.failure(r.error()) : new ApiResult.Channels(r.result());
    }

    private static ApiResult mapUpdate(ApiResponse<io.xshathra.engine.broker.MapUpdateResult> r) {
        return r.error() != null ? ApiResult.failure(r.error()) : new ApiResult.MapUpdate(r.result());
    }

    private static ApiResult mapEntries(ApiResponse<ApiResult.MapEntries> r) {
        return r.error() != null ? ApiResult.failure(r.error()) : r.result();
    }

    private static ApiResult nodes(ApiResponse<List<NodeInfo>> r) {
        return r.error() != null ? ApiResult.failure(r.error()) : new ApiResult.Nodes(r.result());
    }
}
