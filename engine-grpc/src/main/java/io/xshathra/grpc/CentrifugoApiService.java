package io.xshathra.grpc;

import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.xshathra.engine.api.ApiError;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.api.ApiRequest;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.api.ApiResult;
import io.xshathra.engine.metrics.EngineMetrics;
import io.xshathra.grpc.api.MapPublishRequest;
import io.xshathra.grpc.api.MapPublishResponse;
import io.xshathra.grpc.api.MapRemoveRequest;
import io.xshathra.grpc.api.MapRemoveResponse;
import io.xshathra.grpc.api.BatchRequest;
import io.xshathra.grpc.api.CentrifugoApiGrpc;
import io.xshathra.grpc.api.BatchResponse;
import io.xshathra.grpc.api.BroadcastRequest;
import io.xshathra.grpc.api.BroadcastResponse;
import io.xshathra.grpc.api.ChannelsRequest;
import io.xshathra.grpc.api.ChannelsResponse;
import io.xshathra.grpc.api.DisconnectRequest;
import io.xshathra.grpc.api.DisconnectResponse;
import io.xshathra.grpc.api.DisconnectResult;
import io.xshathra.grpc.api.HistoryRemoveRequest;
import io.xshathra.grpc.api.HistoryRemoveResponse;
import io.xshathra.grpc.api.HistoryRemoveResult;
import io.xshathra.grpc.api.HistoryRequest;
import io.xshathra.grpc.api.HistoryResponse;
import io.xshathra.grpc.api.InfoRequest;
import io.xshathra.grpc.api.InfoResponse;
import io.xshathra.grpc.api.PresenceRequest;
import io.xshathra.grpc.api.PresenceResponse;
import io.xshathra.grpc.api.PresenceStatsRequest;
import io.xshathra.grpc.api.PresenceStatsResponse;
import io.xshathra.grpc.api.PublishRequest;
import io.xshathra.grpc.api.PublishResponse;
import io.xshathra.grpc.api.RPCRequest;
import io.xshathra.grpc.api.RPCResponse;
import io.xshathra.grpc.api.RPCResult;
import io.xshathra.grpc.api.RefreshRequest;
import io.xshathra.grpc.api.RefreshResponse;
import io.xshathra.grpc.api.RefreshResult;
import io.xshathra.grpc.api.SubscribeRequest;
import io.xshathra.grpc.api.SubscribeResponse;
import io.xshathra.grpc.api.SubscribeResult;
import io.xshathra.grpc.api.UnsubscribeRequest;
import io.xshathra.grpc.api.UnsubscribeResponse;
import io.xshathra.grpc.api.UnsubscribeResult;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code centrifugal.centrifugo.api.CentrifugoApi} service: each method turns its request into
 * an {@link ApiRequest}, runs it on the shared {@link ApiExecutor} and writes the result. An API
 * error goes into the response's {@code error} field; in transport error mode (configured, or asked
 * per call with the {@code x-centrifugo-error-mode: transport} metadata) it becomes a gRPC status
 * instead (100 Internal, 102/104 NotFound, 107/108 InvalidArgument, 112 OutOfRange,
 * 113 AlreadyExists) with the error message as its detail. A batch always answers with replies.
 * Calls and errors are counted per method in the engine's metrics, as the HTTP API counts them.
 * A call carrying {@code x-xshathra-project} runs in that project's channel space; an id that
 * cannot name a project ends the call with {@code INVALID_ARGUMENT}.
 *
 * <p>The methods the executor does not serve are left to the base class, which answers
 * {@code UNIMPLEMENTED}: the user status, token, device and push methods (absent from the open
 * source reference too).
 */
final class CentrifugoApiService extends CentrifugoApiGrpc.CentrifugoApiImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(CentrifugoApiService.class);

    private final ApiExecutor executor;
    private final EngineMetrics metrics;
    private final boolean transportErrorMode;

    CentrifugoApiService(ApiExecutor executor, EngineMetrics metrics, boolean transportErrorMode) {
        this.executor = executor;
        this.metrics = metrics;
        this.transportErrorMode = transportErrorMode;
    }

    @Override
    public void publish(PublishRequest req, StreamObserver<PublishResponse> out) {
        run(ApiRequestMapper.publish(req), out, (r, e) -> e != null
                ? PublishResponse.newBuilder().setError(e).build()
                : PublishResponse.newBuilder().setResult(ApiReplyMapper.publish(((ApiResult.Position) r).position())).build());
    }

    @Override
    public void mapPublish(MapPublishRequest req, StreamObserver<MapPublishResponse> out) {
        run(ApiRequestMapper.mapPublish(req), out, (r, e) -> e != null
                ? MapPublishResponse.newBuilder().setError(e).build()
                : MapPublishResponse.newBuilder().setResult(ApiReplyMapper.mapPublish(((ApiResult.MapUpdate) r).update()))
                        .build());
    }

    @Override
    public void sharedPollPublish(io.xshathra.grpc.api.SharedPollPublishRequest req,
                                  StreamObserver<io.xshathra.grpc.api.SharedPollPublishResponse> out) {
        run(ApiRequestMapper.sharedPollPublish(req), out, (r, e) -> e != null
                ? io.xshathra.grpc.api.SharedPollPublishResponse.newBuilder().setError(e).build()
                : io.xshathra.grpc.api.SharedPollPublishResponse.newBuilder()
                        .setResult(io.xshathra.grpc.api.SharedPollPublishResult.getDefaultInstance()).build());
    }

    @Override
    public void mapRemove(MapRemoveRequest req, StreamObserver<MapRemoveResponse> out) {
        run(ApiRequestMapper.mapRemove(req), out, (r, e) -> e != null
                ? MapRemoveResponse.newBuilder().setError(e).build()
                : MapRemoveResponse.newBuilder().setResult(ApiReplyMapper.mapRemove(((ApiResult.MapUpdate) r).update()))
                        .build());
    }

    @Override
    public void mapReadState(io.xshathra.grpc.api.MapReadStateRequest req,
                             StreamObserver<io.xshathra.grpc.api.MapReadStateResponse> out) {
        run(ApiRequestMapper.mapReadState(req), out, (r, e) -> e != null
                ? io.xshathra.grpc.api.MapReadStateResponse.newBuilder().setError(e).build()
                : io.xshathra.grpc.api.MapReadStateResponse.newBuilder()
                        .setResult(ApiReplyMapper.mapReadState((ApiResult.MapEntries) r)).build());
    }

    @Override
    public void mapReadStream(io.xshathra.grpc.api.MapReadStreamRequest req,
                              StreamObserver<io.xshathra.grpc.api.MapReadStreamResponse> out) {
        run(ApiRequestMapper.mapReadStream(req), out, (r, e) -> e != null
                ? io.xshathra.grpc.api.MapReadStreamResponse.newBuilder().setError(e).build()
                : io.xshathra.grpc.api.MapReadStreamResponse.newBuilder()
                        .setResult(ApiReplyMapper.mapReadStream((ApiResult.MapEntries) r)).build());
    }

    @Override
    public void mapStats(io.xshathra.grpc.api.MapStatsRequest req,
                         StreamObserver<io.xshathra.grpc.api.MapStatsResponse> out) {
        run(new ApiRequests.MapStats(req.getChannel()), out, (r, e) -> e != null
                ? io.xshathra.grpc.api.MapStatsResponse.newBuilder().setError(e).build()
                : io.xshathra.grpc.api.MapStatsResponse.newBuilder()
                        .setResult(ApiReplyMapper.mapStats((ApiResult.MapCount) r)).build());
    }

    @Override
    public void mapClear(io.xshathra.grpc.api.MapClearRequest req,
                         StreamObserver<io.xshathra.grpc.api.MapClearResponse> out) {
        run(new ApiRequests.MapClear(req.getChannel()), out, (r, e) -> e != null
                ? io.xshathra.grpc.api.MapClearResponse.newBuilder().setError(e).build()
                : io.xshathra.grpc.api.MapClearResponse.newBuilder()
                        .setResult(io.xshathra.grpc.api.MapClearResult.getDefaultInstance()).build());
    }

    @Override
    public void broadcast(BroadcastRequest req, StreamObserver<BroadcastResponse> out) {
        run(ApiRequestMapper.broadcast(req), out, (r, e) -> e != null
                ? BroadcastResponse.newBuilder().setError(e).build()
                : BroadcastResponse.newBuilder().setResult(ApiReplyMapper.broadcast((ApiResult.Positions) r)).build());
    }

    @Override
    public void subscribe(SubscribeRequest req, StreamObserver<SubscribeResponse> out) {
        run(ApiRequestMapper.subscribe(req), out, (r, e) -> e != null
                ? SubscribeResponse.newBuilder().setError(e).build()
                : SubscribeResponse.newBuilder().setResult(SubscribeResult.getDefaultInstance()).build());
    }

    @Override
    public void unsubscribe(UnsubscribeRequest req, StreamObserver<UnsubscribeResponse> out) {
        run(ApiRequestMapper.unsubscribe(req), out, (r, e) -> e != null
                ? UnsubscribeResponse.newBuilder().setError(e).build()
                : UnsubscribeResponse.newBuilder().setResult(UnsubscribeResult.getDefaultInstance()).build());
    }

    @Override
    public void disconnect(DisconnectRequest req, StreamObserver<DisconnectResponse> out) {
        run(ApiRequestMapper.disconnect(req), out, (r, e) -> e != null
                ? DisconnectResponse.newBuilder().setError(e).build()
                : DisconnectResponse.newBuilder().setResult(DisconnectResult.getDefaultInstance()).build());
    }

    @Override
    public void refresh(RefreshRequest req, StreamObserver<RefreshResponse> out) {
        run(ApiRequestMapper.refresh(req), out, (r, e) -> e != null
                ? RefreshResponse.newBuilder().setError(e).build()
                : RefreshResponse.newBuilder().setResult(RefreshResult.getDefaultInstance()).build());
    }

    @Override
    public void presence(PresenceRequest req, StreamObserver<PresenceResponse> out) {
        run(new ApiRequests.Presence(req.getChannel()), out, (r, e) -> e != null
                ? PresenceResponse.newBuilder().setError(e).build()
                : PresenceResponse.newBuilder().setResult(ApiReplyMapper.presence((ApiResult.Presence) r)).build());
    }

    @Override
    public void presenceStats(PresenceStatsRequest req, StreamObserver<PresenceStatsResponse> out) {
        run(new ApiRequests.PresenceStats(req.getChannel()), out, (r, e) -> e != null
                ? PresenceStatsResponse.newBuilder().setError(e).build()
                : PresenceStatsResponse.newBuilder()
                        .setResult(ApiReplyMapper.presenceStats((ApiResult.PresenceCounts) r)).build());
    }

    @Override
    public void history(HistoryRequest req, StreamObserver<HistoryResponse> out) {
        run(ApiRequestMapper.history(req), out, (r, e) -> e != null
                ? HistoryResponse.newBuilder().setError(e).build()
                : HistoryResponse.newBuilder().setResult(ApiReplyMapper.history((ApiResult.History) r)).build());
    }

    @Override
    public void historyRemove(HistoryRemoveRequest req, StreamObserver<HistoryRemoveResponse> out) {
        run(new ApiRequests.HistoryRemove(req.getChannel()), out, (r, e) -> e != null
                ? HistoryRemoveResponse.newBuilder().setError(e).build()
                : HistoryRemoveResponse.newBuilder().setResult(HistoryRemoveResult.getDefaultInstance()).build());
    }

    @Override
    public void channels(ChannelsRequest req, StreamObserver<ChannelsResponse> out) {
        run(new ApiRequests.Channels(req.getPattern()), out, (r, e) -> e != null
                ? ChannelsResponse.newBuilder().setError(e).build()
                : ChannelsResponse.newBuilder().setResult(ApiReplyMapper.channels((ApiResult.Channels) r)).build());
    }

    @Override
    public void info(InfoRequest req, StreamObserver<InfoResponse> out) {
        run(new ApiRequests.Info(), out, (r, e) -> e != null
                ? InfoResponse.newBuilder().setError(e).build()
                : InfoResponse.newBuilder().setResult(ApiReplyMapper.info((ApiResult.Nodes) r)).build());
    }

    @Override
    public void rPC(RPCRequest req, StreamObserver<RPCResponse> out) {
        // No RPC method is registered with the executor: every call ends in its error.
        run(ApiRequestMapper.rpc(req), out, (r, e) -> e != null
                ? RPCResponse.newBuilder().setError(e).build()
                : RPCResponse.newBuilder().setResult(RPCResult.getDefaultInstance()).build());
    }

    @Override
    public void batch(BatchRequest req, StreamObserver<BatchResponse> out) {
        metrics.apiCall(ApiRequests.Batch.METHOD);
        ApiExecutor scoped = scoped(out);
        if (scoped == null) {
            return;
        }
        scoped.execute(ApiRequestMapper.batch(req)).whenComplete((r, ex) -> {
            if (ex != null || !(r instanceof ApiResult.Replies replies)) {
                fail(out, ex);
                return;
            }
            BatchResponse.Builder b = BatchResponse.newBuilder();
            for (ApiResult.Reply reply : replies.replies()) {
                b.addReplies(ApiReplyMapper.reply(reply));
            }
            out.onNext(b.build());
            out.onCompleted();
        });
    }

    /** Runs one request and answers with {@code response(result, error)}, or a status in transport mode. */
    private <T> void run(ApiRequest request, StreamObserver<T> out,
                         BiFunction<ApiResult, io.xshathra.grpc.api.Error, T> response) {
        boolean transportMode = transportErrorMode || ApiCallInterceptor.TRANSPORT_ERROR_MODE.get();
        String method = request.method().isEmpty() ? "unknown" : request.method();
        metrics.apiCall(method);
        ApiExecutor scoped = scoped(out);
        if (scoped == null) {
            return;
        }
        scoped.execute(request).whenComplete((r, ex) -> {
            if (ex != null) {
                fail(out, ex);
                return;
            }
            try {
                ApiError error = r.error();
                if (error != null) {
                    metrics.apiError(method);
                }
                if (error != null && transportMode) {
                    out.onError(transportError(error));
                    return;
                }
                out.onNext(response.apply(r, error == null ? null : ApiReplyMapper.error(error)));
                out.onCompleted();
            } catch (RuntimeException e) {
                fail(out, e);
            }
        });
    }

    /** The executor of the call's project, or null after ending the call when the id is bad. */
    private ApiExecutor scoped(StreamObserver<?> out) {
        String project = ApiCallInterceptor.PROJECT.get();
        if (project == null) {
            return executor;
        }
        try {
            return executor.inProject(project);
        } catch (IllegalArgumentException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("bad x-xshathra-project").asRuntimeException());
            return null;
        }
    }

    private static RuntimeException transportError(ApiError error) {
        Status.Code code = switch (error) {
            case INTERNAL -> Status.Code.INTERNAL;
            case UNKNOWN_CHANNEL, NOT_FOUND -> Status.Code.NOT_FOUND;
            case BAD_REQUEST, NOT_AVAILABLE -> Status.Code.INVALID_ARGUMENT;
            case UNRECOVERABLE_POSITION -> Status.Code.OUT_OF_RANGE;
            case CONFLICT -> Status.Code.ALREADY_EXISTS;
        };
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder().setCode(code.value())
                .setMessage(error.message()).addDetails(Any.pack(ApiReplyMapper.error(error))).build());
    }

    /** The executor's stages complete normally; anything else is a bug, logged once and answered Internal. */
    private static void fail(StreamObserver<?> out, Throwable ex) {
        LOG.error("gRPC API call failed", ex);
        out.onError(Status.INTERNAL.withDescription("internal server error").asRuntimeException());
    }
}
